import type { KeyboardEvent, PointerEvent } from "react";
import type { Side } from "../panes/pane-transitions";
import { defaultWidths, maxColumnWidth, minColumnWidth, minNameWidth, type LayoutColumnId } from "../panes/column-layout";
import { usePanesStore } from "../stores/panes-store";
import { dragHandle } from "./drag-handle";

/** Arrow keys move a column's edge by this much; with Shift, by one pixel. */
const keyStep = 10;

/**
 * The right edge of a column header: drag it, or focus it and press Left/Right, to size the
 * column. The width is the header cell's as drawn, so the name column (which fills the room
 * the others leave until it is sized) starts from where it is.
 */
export function ColumnResizer({ side, column, label }: { side: Side; column: LayoutColumnId; label: string }) {
  const width = usePanesStore((state) => state.columnWidths[side][column]);
  const setWidth = (next: number) => usePanesStore.getState().setColumnWidth(side, column, next);
  const drawnWidth = (element: HTMLElement) => element.parentElement?.getBoundingClientRect().width ?? width ?? minColumnWidth;

  function onPointerDown(event: PointerEvent<HTMLElement>) {
    const startX = event.clientX;
    const startWidth = drawnWidth(event.currentTarget);
    // The header's own click sorts: a drag of its edge must not reach it.
    if (dragHandle(event, (moved) => setWidth(startWidth + moved.clientX - startX))) event.stopPropagation();
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const step = event.shiftKey ? 1 : keyStep;
    const delta = event.key === "ArrowRight" ? step : event.key === "ArrowLeft" ? -step : 0;
    // The grid's own keys (arrows move the cursor) must not see these.
    event.stopPropagation();
    if (delta === 0) return;
    event.preventDefault();
    setWidth(drawnWidth(event.currentTarget) + delta);
  }

  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of the ${label} column`}
      aria-valuenow={Math.round(width ?? (column === "name" ? minNameWidth : defaultWidths[column]))}
      aria-valuetext={width === undefined && column === "name" ? "fills the room the other columns leave" : undefined}
      aria-valuemin={minColumnWidth}
      aria-valuemax={maxColumnWidth}
      tabIndex={0}
      className="column-resizer"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
    />
  );
}
