import { create } from "zustand";
import type { PaneTarget } from "../../shared/files";
import { formatSize } from "../format";
import { bridge, call, errorMessage } from "../transport/bridge";
import { sendDroppedContents, type DroppedItem } from "../transport/dropped-contents";
import { usePaneDialogStore } from "./pane-dialog-store";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";
import { useTransferStore } from "./transfer-store";

/** The custom type that marks a drag as one of Ferry's own rows (the desktop's drags carry "Files"). */
export const paneDragType = "application/x-ferry-items";

/** Items dragged from one of the panes. */
export interface PaneDrag {
  side: Side;
  folder: string;
  names: string[];
}

/** Where a drop would land: a folder row, or the pane's own folder (undefined when the remote pane is not connected). */
export interface DropTarget {
  side: Side;
  folder: string | undefined;
  /** The folder row under the pointer, highlighted while hovering. */
  rowName?: string | undefined;
}

export interface Hover {
  target: DropTarget;
  x: number;
  y: number;
  /** Shift is down: a move rather than a copy. */
  move: boolean;
  /** What the drag carries: Ferry's rows, or files from the desktop (how many, when the browser says). */
  carries: { kind: "pane"; drag: PaneDrag } | { kind: "desktop"; count: number };
}

interface DragStore {
  drag: PaneDrag | undefined;
  hover: Hover | undefined;
  /** Files from the desktop on their way to main (the web host streams their contents). */
  receiving: { side: Side; done: number; total: number } | undefined;
  /** The desktop app can drag items out to the desktop. */
  canDragOut: boolean;
  begin(drag: PaneDrag): void;
  setHover(hover: Hover | undefined): void;
  end(): void;
  /** A drop onto a pane: Ferry's own rows, or files from the desktop; anything else is ignored. */
  drop(target: DropTarget, data: DataTransfer, move: boolean): Promise<void>;
  /** Drags the items out to the desktop (desktop app): local ones as they are, server ones as downloaded copies. */
  dragOut(drag: PaneDrag): Promise<void>;
}

function count(n: number): string {
  return n === 1 ? "1 item" : `${n} items`;
}

/** What the drag image says: what will happen, to how many items, and where they go. */
export function describeHover(hover: Hover): string {
  const { target } = hover;
  if (target.side === "remote" && !target.folder) return "Not connected: nothing can be dropped here";
  const where = target.rowName ?? target.folder ?? "";
  if (hover.carries.kind === "desktop") return `Copy ${hover.carries.count > 0 ? count(hover.carries.count) : "the files"} to ${where}`;
  const { drag } = hover.carries;
  if (drag.side === target.side) return `Move ${count(drag.names.length)} into ${where}`;
  return `${hover.move ? "Move" : "Copy"} ${count(drag.names.length)} to ${where}`;
}

/** Why server items stay in the window: they are over the drag-out limit. */
export function tooBigToDragOut(limit: number): string {
  return `Only server files up to ${formatSize(limit)} in all can be dragged to the desktop: drop these onto the Local pane to download them.`;
}

/** Shows why a drop did nothing, where the user dropped. */
function explain(side: Side, message: string): void {
  usePanesStore.getState().showError(side, message);
}

/** Files dropped from the desktop: by path in the desktop app, by content in a browser. */
type DesktopDrop = { kind: "paths"; paths: string[] } | { kind: "contents"; items: Promise<DroppedItem[]> };

/** Takes the dropped files while the drop event lasts: the browser lets go of them afterwards. */
function takeDesktopDrop(data: DataTransfer): DesktopDrop {
  const pathForFile = bridge.pathForFile;
  const paths = pathForFile ? [...data.files].map((file) => pathForFile(file)) : [];
  // Files with no path on disk (dragged out of another app's memory) travel as contents, as in a browser.
  if (paths.length > 0 && paths.every((path) => path !== "")) return { kind: "paths", paths };
  return { kind: "contents", items: collectDroppedItems(data) };
}

async function queueDesktopDrop(side: Side, pane: PaneTarget, folder: string, dropped: DesktopDrop): Promise<void> {
  if (dropped.kind === "paths") {
    await call("drops.paths", { target: pane, folder, paths: dropped.paths });
    return;
  }
  const received = (done: number, total: number) => useDragStore.setState({ receiving: { side, done, total } });
  try {
    await sendDroppedContents(await dropped.items, pane, folder, received);
  } finally {
    useDragStore.setState({ receiving: undefined });
  }
}

export const useDragStore = create<DragStore>((set, get) => ({
  drag: undefined,
  hover: undefined,
  receiving: undefined,
  canDragOut: false,

  begin(drag) {
    set({ drag, hover: undefined });
  },

  setHover(hover) {
    set({ hover });
  },

  end() {
    set({ drag: undefined, hover: undefined });
  },

  async drop(target, data, move) {
    const drag = get().drag;
    get().end();
    // Text, links and other things that are not files: nothing to do, nothing to say.
    if (!drag && !data.types.includes("Files")) return;
    const dropped = drag ? undefined : takeDesktopDrop(data);
    if (!target.folder) {
      explain(target.side, "Not connected: connect to a server, then drop the files again.");
      return;
    }
    const pane = usePanesStore.getState().target(target.side);
    if (!pane) return;
    try {
      if (drag && drag.side === target.side) {
        // Within a pane, only a folder row is a target; the move is confirmed first.
        if (target.rowName && target.folder !== drag.folder)
          usePaneDialogStore.getState().open({
            kind: "move-into",
            side: target.side,
            at: { target: pane, folder: drag.folder },
            names: drag.names,
            to: target.folder,
            toName: target.rowName,
          });
      } else if (drag) {
        await useTransferStore
          .getState()
          .transfer({ from: drag.side, names: drag.names, sourceFolder: drag.folder, targetFolder: target.folder, move });
      } else if (dropped) {
        await queueDesktopDrop(target.side, pane, target.folder, dropped);
      }
    } catch (error) {
      explain(target.side, errorMessage(error));
    }
  },

  async dragOut(drag) {
    const session = useSessionStore.getState().session;
    try {
      const result =
        drag.side === "local"
          ? await call("drag-out.start", { side: "local", folder: drag.folder, names: drag.names })
          : session && (await call("drag-out.start", { side: "remote", sessionId: session.id, folder: drag.folder, names: drag.names }));
      if (result && result.state === "too-large") {
        explain(drag.side, tooBigToDragOut(result.limit));
      }
    } catch (error) {
      explain(drag.side, errorMessage(error));
    }
  },
}));

/**
 * The dropped files and folders, walked through the browser's entries API where it has one
 * (folders keep their structure), else the plain file list.
 */
function collectDroppedItems(data: DataTransfer): Promise<DroppedItem[]> {
  const entries = [...data.items].flatMap((item) => {
    const entry = item.kind === "file" ? item.webkitGetAsEntry() : null;
    return entry ? [entry] : [];
  });
  if (entries.length === 0) return Promise.resolve([...data.files].map((file): DroppedItem => ({ kind: "file", path: file.name, file })));
  return walkEntries(entries);
}

async function walkEntries(entries: FileSystemEntry[], prefix = ""): Promise<DroppedItem[]> {
  const items: DroppedItem[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      items.push({ kind: "file", path, file });
    } else if (entry.isDirectory) {
      items.push({ kind: "folder", path });
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries hands out a folder's entries in batches until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        items.push(...(await walkEntries(batch, path)));
      }
    }
  }
  return items;
}
