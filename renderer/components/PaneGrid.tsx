import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type CSSProperties } from "react";
import type { PaneRow as Row, Side } from "../panes/pane-transitions";
import { useDragStore } from "../stores/drag-store";
import { usePanesStore } from "../stores/panes-store";
import { gridMinWidth, gridTemplate } from "../panes/column-layout";
import { ColumnResizer } from "./ColumnResizer";
import { columnsFor } from "./pane-columns";
import { paneDropTargeting } from "./pane-drop-targeting";
import { usePaneKeys } from "./pane-keys";
import { PaneRow } from "./PaneRow";

interface PaneGridProps {
  side: Side;
  title: string;
  /** Shown instead of rows when the pane has nothing to show yet. */
  placeholder?: string | undefined;
}

/** A pane's grid: the column headers (a click sorts) and the folder's rows, driven by the keyboard. */
export function PaneGrid({ side, title, placeholder }: PaneGridProps) {
  const pane = usePanesStore((state) => state[side]);
  const focused = usePanesStore((state) => state.focused === side);
  const focusRequest = usePanesStore((state) => state.focusRequest);
  const hidden = usePanesStore((state) => state.hiddenColumns[side]);
  const widths = usePanesStore((state) => state.columnWidths[side]);
  const { focus, setSort } = usePanesStore.getState();
  const dropRow = useDragStore((state) => (state.hover?.target.side === side ? state.hover.target.rowName : undefined));
  const dropOnPane = useDragStore((state) => state.hover?.target.side === side && state.hover.target.rowName === undefined);
  const onKeyDown = usePaneKeys(side);
  const gridRef = useRef<HTMLDivElement>(null);
  const shown = columnsFor(side, hidden);
  const ids = shown.map((column) => column.id);

  useEffect(() => {
    if (focused && document.activeElement?.closest("[role=grid]")) gridRef.current?.focus();
  }, [focused]);
  useEffect(() => {
    if (focusRequest > 0 && usePanesStore.getState().focused === side) gridRef.current?.focus();
  }, [focusRequest, side]);

  // Only the rows in view are in the page, so that a folder of 100 000 entries stays smooth.
  const headerRef = useRef<HTMLDivElement>(null);
  const headerHeight = headerRef.current?.offsetHeight ?? 21;
  // TanStack Virtual hands out functions the React Compiler cannot memoize; Ferry does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: pane.rows.length,
    getScrollElement: () => gridRef.current,
    estimateSize: () => 20,
    overscan: 20,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });

  useEffect(() => {
    if (pane.rows.length > 0) virtualizer.scrollToIndex(pane.cursor, { align: "auto" });
  }, [pane.cursor, pane.rows, virtualizer]);

  const activeId = pane.rows.length > 0 ? `${side}-row-${pane.cursor}` : undefined;
  const markedNames = new Set(pane.marked);
  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label={`${title} files`}
      aria-rowcount={pane.rows.length + 1}
      aria-activedescendant={activeId}
      tabIndex={0}
      className={`grid${dropOnPane ? " grid-drop-target" : ""}`}
      // One template for the header and every row: each column starts at the same place in all of them.
      style={
        {
          "--grid-columns": gridTemplate(ids, widths),
          "--grid-min-width": `${gridMinWidth(ids, widths)}px`,
        } as CSSProperties
      }
      onKeyDown={onKeyDown}
      onFocus={() => focus(side)}
      {...paneDropTargeting(side)}
    >
      <div ref={headerRef} role="row" className="grid-row grid-header" aria-rowindex={1}>
        {[{ id: "name" as const, label: "Name", sort: "name" as const, className: "" }, ...shown].map((column) => {
          const sort = column.sort;
          return (
            <span
              key={column.id}
              role="columnheader"
              className={`${sort ? "sortable" : ""} ${column.className ?? ""}`}
              aria-sort={sort && pane.sort.column === sort ? (pane.sort.descending ? "descending" : "ascending") : "none"}
              onClick={() => sort && setSort(side, sort)}
            >
              {column.label}
              {sort && pane.sort.column === sort ? <span aria-hidden>{pane.sort.descending ? " ▼" : " ▲"}</span> : null}
              <ColumnResizer side={side} column={column.id} label={column.label} />
            </span>
          );
        })}
      </div>
      {pane.rows.length === 0 && placeholder ? <div className="grid-placeholder">{placeholder}</div> : null}
      <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = pane.rows[item.index] as Row;
          return (
            <PaneRow
              key={row.kind === "up" ? ".." : `${row.kind}:${row.name}`}
              side={side}
              row={row}
              index={item.index}
              active={item.index === pane.cursor}
              // Selected is what F5 acts on: the marked rows, or else the cursor's row.
              selected={pane.marked.length > 0 ? row.kind !== "up" && markedNames.has(row.name) : item.index === pane.cursor}
              marked={row.kind !== "up" && markedNames.has(row.name)}
              shown={shown}
              renaming={row.kind !== "up" && pane.renaming === row.name}
              dropTarget={dropRow === row.name}
              style={{ transform: `translateY(${item.start - headerHeight}px)` }}
              measure={virtualizer.measureElement}
            />
          );
        })}
      </div>
    </div>
  );
}
