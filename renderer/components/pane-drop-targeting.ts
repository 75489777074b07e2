import type { DragEvent } from "react";
import { folderOfRow } from "../pane-logic";
import type { Side } from "../panes/pane-transitions";
import { useDragStore, type DropTarget } from "../stores/drag-store";
import { usePanesStore } from "../stores/panes-store";

/** Where a drag over the pane would land, or undefined where it cannot (text, links, the dragged items themselves). */
function dropTargetOf(side: Side, event: DragEvent<HTMLElement>): DropTarget | undefined {
  const drag = useDragStore.getState().drag;
  if (!drag && !event.dataTransfer.types.includes("Files")) return undefined;
  const pane = usePanesStore.getState()[side];
  // Not connected: the drop is taken, to say why nothing happens.
  if (!pane.path) return { side, folder: undefined };
  const rowElement = event.target instanceof Element ? event.target.closest<HTMLElement>("[data-index]") : null;
  const row = rowElement ? pane.rows[Number(rowElement.dataset.index)] : undefined;
  const isDragged = row !== undefined && drag?.side === side && drag.names.includes(row.name);
  const rowFolder = row && !isDragged ? folderOfRow(side, pane.path, pane.parent, row) : undefined;
  if (row && rowFolder) return { side, folder: rowFolder, rowName: row.name };
  // Within one pane only a folder row takes a drop.
  if (drag?.side === side) return undefined;
  return { side, folder: pane.path };
}

/** The grid's drag handlers: they say where a drop would go while hovering, and hand the drop to the drag store. */
export function paneDropTargeting(side: Side) {
  return {
    onDragOver(event: DragEvent<HTMLElement>) {
      const target = dropTargetOf(side, event);
      const drags = useDragStore.getState();
      if (!target) {
        if (drags.hover) drags.setHover(undefined);
        return;
      }
      event.preventDefault();
      const drag = drags.drag;
      const move = drag?.side === side || (drag !== undefined && event.shiftKey);
      event.dataTransfer.dropEffect = move ? "move" : "copy";
      const count = [...event.dataTransfer.items].filter((item) => item.kind === "file").length;
      drags.setHover({
        target,
        x: event.clientX,
        y: event.clientY,
        move,
        carries: drag ? { kind: "pane", drag } : { kind: "desktop", count },
      });
    },

    onDragLeave(event: DragEvent<HTMLElement>) {
      if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)))
        useDragStore.getState().setHover(undefined);
    },

    onDrop(event: DragEvent<HTMLElement>) {
      const target = dropTargetOf(side, event);
      useDragStore.getState().setHover(undefined);
      if (!target) return;
      event.preventDefault();
      void useDragStore.getState().drop(target, event.dataTransfer, event.shiftKey);
    },
  };
}
