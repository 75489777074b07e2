/** A comparison's progress line ("Comparing… 412 of 1 000 folders"), told to the renderer at most every `intervalMs` and once at the end. */
import type { EventMessage } from "../../shared/contract";

export interface CompareProgress {
  listed(): void;
  found(): void;
  checked(done: number, of: number): void;
  end(): void;
}

export function compareProgress(syncId: string, emit: (message: EventMessage) => void, intervalMs: number): CompareProgress {
  let [listed, found, last] = [0, 0, 0];
  let checksums: { done: number; of: number } | undefined;
  const tell = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    emit({
      kind: "event",
      channel: "synchronize.progress",
      payload: { syncId, foldersListed: listed, foldersFound: found, ...(checksums ? { checksums } : {}) },
    });
  };
  return {
    listed: () => {
      listed++;
      tell(false);
    },
    found: () => {
      found++;
      tell(false);
    },
    checked: (done, of) => {
      checksums = { done, of };
      tell(false);
    },
    end: () => tell(true),
  };
}
