import type { FolderWalk } from "../../shared/transfer";
import { UserFacingError } from "../errors";
import type { PlannedItem } from "./plan-batch";

/** How often the walks under way are told, at most. */
const everyMs = 250;

/** One walk as the queue runs it: what it counts, what stops it, and its end. */
export interface TrackedWalk {
  /** Aborted when the user stops the walk (its reason then says so), or when `alsoStop` is. */
  readonly signal: AbortSignal;
  /** What the walk found: a file, or a folder it went into. */
  found(item: PlannedItem): void;
  /** The user stopped it (not the session's end, nor a failure). */
  readonly stoppedByUser: boolean;
  end(): void;
}

/** The sentence a walk stopped by the user ends with. */
export const walkStoppedByUser = "You stopped looking through the folders.";

/** Why a job of a batch whose walk its session's close cut short did not start. */
export const walkCutShort =
  "Not started: the session was closed while Ferry was still looking through the folders of this transfer. Retry sends it.";

/**
 * The folder walks under way (F5/F6 on folders), for the user to watch and stop: each counts the
 * folders and files it went through, and the list is told through `emit` a few times a second
 * while any runs, and once more, empty, when the last one ends.
 */
export class FolderWalks {
  private readonly walks = new Map<string, { walk: FolderWalk; stop: AbortController }>();
  private timer: NodeJS.Timeout | undefined;
  private toldAny = false;

  constructor(private readonly emit: (walks: FolderWalk[]) => void) {}

  begin(facts: Pick<FolderWalk, "batchId" | "direction" | "folder">, alsoStop?: AbortSignal): TrackedWalk {
    const stop = new AbortController();
    const walk: FolderWalk = { ...facts, folders: 0, files: 0, stopping: false };
    this.walks.set(facts.batchId, { walk, stop });
    this.changed();
    return {
      signal: alsoStop ? AbortSignal.any([stop.signal, alsoStop]) : stop.signal,
      found: (item) => {
        if (item.kind === "file") walk.files++;
        else if (item.kind === "entered") walk.folders++;
        this.changed();
      },
      get stoppedByUser() {
        return stop.signal.aborted;
      },
      end: () => {
        this.walks.delete(facts.batchId);
        this.changed();
      },
    };
  }

  /** Stops the walk of a batch; false when there is none (it ended already). */
  cancel(batchId: string): boolean {
    const running = this.walks.get(batchId);
    if (!running) return false;
    running.walk.stopping = true;
    running.stop.abort(new UserFacingError("cancelled", walkStoppedByUser));
    this.changed();
    return true;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.walks.size === 0 && !this.toldAny) return;
      this.toldAny = this.walks.size > 0;
      this.emit([...this.walks.values()].map(({ walk }) => ({ ...walk })));
    }, everyMs);
  }
}
