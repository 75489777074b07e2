import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from "react";
import type { SortColumn } from "../pane-logic";
import { useBookmarksStore } from "../stores/bookmarks-store";
import { usePaneDialogStore } from "../stores/pane-dialog-store";
import { usePanesStore, type PaneRow, type Side } from "../stores/panes-store";
import { Icon } from "./Icon";
import { columnsFor, gridTemplate, type Column } from "./pane-columns";
import { usePaneMenu } from "./PaneMenu";
import { PathBar } from "./PathBar";
import { call } from "../transport/bridge";

/** Ctrl+F3…F6 sort as in WinSCP: name, type, time, size. */
const sortKeys: Record<string, SortColumn> = { F3: "name", F4: "type", F5: "modified", F6: "size" };

interface FilePaneProps {
  side: Side;
  title: string;
  /** Shown instead of a listing when the pane has nothing to show yet. */
  placeholder?: string | undefined;
}

const pageSize = 20;

/** One Commander pane: a path bar and a keyboard-driven grid of the folder's entries. */
export function FilePane({ side, title, placeholder }: FilePaneProps) {
  const pane = usePanesStore((state) => state[side]);
  const focused = usePanesStore((state) => state.focused === side);
  const { openRow, goUp, setCursor, extendTo, jumpTo, toggleMark, focus, setSort, refresh, markAll, invertMarks, selection } = usePanesStore.getState();
  const typed = useRef({ text: "", at: 0 });
  const { back, forward, goRoot, typePath } = usePanesStore.getState();
  const openDialog = usePaneDialogStore((state) => state.open);
  const gridRef = useRef<HTMLDivElement>(null);
  const hidden = usePanesStore((state) => state.hiddenColumns[side]);
  const shown = columnsFor(side, hidden);

  const focusRequest = usePanesStore((state) => state.focusRequest);
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

  /** The pane's own commands: sorting, marking, and the file operations with their WinSCP keys. */
  function command(event: KeyboardEvent<HTMLDivElement>): boolean {
    const ctrl = event.ctrlKey || event.metaKey;
    const current = pane.rows[pane.cursor];
    if (ctrl && sortKeys[event.key]) setSort(side, sortKeys[event.key] as SortColumn);
    else if (ctrl && event.key.toLowerCase() === "l") typePath(side, pane.path);
    else if (ctrl && event.key.toLowerCase() === "f") document.querySelector<HTMLInputElement>(`[data-pane="${side}"] .filter-box`)?.focus();
    else if (ctrl && event.key === "\\") void goRoot(side);
    else if (event.altKey && event.key === "ArrowLeft") void back(side);
    else if (event.altKey && event.key === "ArrowRight") void forward(side);
    else if (ctrl && event.key.toLowerCase() === "r") void refresh(side);
    else if (ctrl && event.key.toLowerCase() === "b" && pane.path) void useBookmarksStore.getState().toggle(side, pane.path);
    else if (ctrl && event.key.toLowerCase() === "a") markAll(side);
    else if (event.code === "NumpadAdd") openDialog({ kind: "mask", side, mark: true });
    else if (event.code === "NumpadSubtract") openDialog({ kind: "mask", side, mark: false });
    else if (event.code === "NumpadMultiply") invertMarks(side);
    else if (ctrl || event.altKey) return false;
    else if (event.key === "F7") openDialog({ kind: "mkdir", side });
    else if (event.key === "F4" && event.shiftKey) openDialog({ kind: "new-file", side });
    else if (event.key === "F2" && current && current.kind !== "up") usePanesStore.getState().startRename(side);
    else if ((event.key === "F8" || event.key === "Delete") && selection(side).length > 0) openDialog({ kind: "delete", side, names: selection(side) });
    else if (event.key === "F9" && selection(side).length > 0) openDialog({ kind: "properties", side, names: selection(side) });
    else if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      const row = gridRef.current?.querySelector(`[data-index="${pane.cursor}"]`)?.getBoundingClientRect();
      usePaneMenu.getState().open(side, (row?.left ?? 0) + 40, row?.bottom ?? 0);
    }
    else return false;
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Keys typed into the in-place rename field are the field's own.
    if (event.target instanceof HTMLInputElement) return;
    if (pane.path && command(event)) {
      event.preventDefault();
      return;
    }
    const last = pane.rows.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: pane.cursor + 1,
      ArrowUp: pane.cursor - 1,
      PageDown: pane.cursor + pageSize,
      PageUp: pane.cursor - pageSize,
      Home: 0,
      End: last,
    };
    if (event.key in moves && !event.altKey && !event.ctrlKey) {
      if (event.shiftKey) extendTo(side, moves[event.key]!);
      else setCursor(side, moves[event.key]!);
    } else if (event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.altKey && !event.metaKey) {
      // Type-ahead: letters typed within a second form one prefix.
      const now = Date.now();
      typed.current = { text: now - typed.current.at < 1000 ? typed.current.text + event.key : event.key, at: now };
      jumpTo(side, typed.current.text);
    } else if ((event.key === "Insert" || event.key === " ") && !event.ctrlKey && !event.altKey) {
      toggleMark(side, pane.cursor, true);
    } else if (event.key === "Enter") {
      void openRow(side, pane.cursor);
    } else if (event.key === "Backspace") {
      void goUp(side);
    } else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
      const other = side === "local" ? "remote" : "local";
      const target = document.querySelector<HTMLElement>(`[data-pane="${other}"] [role=grid]`);
      if (!target) return;
      focus(other);
      target.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  const activeId = pane.rows.length > 0 ? `${side}-row-${pane.cursor}` : undefined;
  const markedNames = new Set(pane.marked);
  return (
    <section className={`pane${focused ? " pane-focused" : ""}`} aria-label={title} data-pane={side}>
      <PathBar side={side} title={title} />
      {pane.deleting ? (
        <div role="status" className="pane-progress">
          <span>
            Deleting… {pane.deleting.done} {pane.deleting.done === 1 ? "item" : "items"} gone — <span className="mono">{pane.deleting.current}</span>
          </span>
          <button type="button" onClick={() => pane.deleting && void call("files.cancel", { operationId: pane.deleting.operationId })}>
            Cancel
          </button>
        </div>
      ) : null}
      {pane.error ? (
        <div role="alert" className="pane-error">
          {pane.error}
        </div>
      ) : null}
      {pane.rejectedNames > 0 ? (
        <div className="pane-note">
          {pane.rejectedNames} {pane.rejectedNames === 1 ? "entry" : "entries"} with unsafe names (such as “..” or a “/”) not shown.
        </div>
      ) : null}
      <div
        ref={gridRef}
        role="grid"
        aria-label={`${title} files`}
        aria-rowcount={pane.rows.length + 1}
        aria-activedescendant={activeId}
        tabIndex={0}
        className="grid"
        style={{ "--grid-columns": gridTemplate(shown) } as CSSProperties}
        onKeyDown={onKeyDown}
        onFocus={() => focus(side)}
      >
        <div ref={headerRef} role="row" className="grid-row grid-header" aria-rowindex={1}>
          {[{ id: "name", label: "Name", sort: "name" as const, className: "" }, ...shown].map((column) => {
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
              </span>
            );
          })}
        </div>
        {pane.rows.length === 0 && placeholder ? <div className="grid-placeholder">{placeholder}</div> : null}
        <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = pane.rows[item.index] as PaneRow;
            return (
              <Row
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
                style={{ transform: `translateY(${item.start - headerHeight}px)` }}
                measure={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  side: Side;
  row: PaneRow;
  index: number;
  active: boolean;
  selected: boolean;
  marked: boolean;
  shown: Column[];
  renaming: boolean;
  style: CSSProperties;
  measure: (element: HTMLElement | null) => void;
}

/** F2: the name turns into a field; Enter or leaving it renames, Escape keeps the old name. */
function RenameField({ side, name }: { side: Side; name: string }) {
  const finish = (value: string | undefined) => {
    void usePanesStore.getState().finishRename(side, value);
    setTimeout(() => document.querySelector<HTMLElement>(`[data-pane="${side}"] [role=grid]`)?.focus());
  };
  return (
    <input
      className="rename-in-place"
      aria-label="New name"
      defaultValue={name}
      autoFocus
      spellCheck={false}
      onFocus={(event) => {
        // The name is selected without its extension, as file managers do.
        const dot = name.lastIndexOf(".");
        event.target.setSelectionRange(0, dot > 0 ? dot : name.length);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") finish(event.currentTarget.value);
        else if (event.key === "Escape") finish(undefined);
        else return;
        event.preventDefault();
      }}
      onBlur={(event) => finish(event.currentTarget.value)}
      onMouseDown={(event) => event.stopPropagation()}
    />
  );
}

function Row({ side, row, index, active, selected, marked, shown, style, measure, renaming }: RowProps) {
  const { setCursor, extendTo, toggleMark, openRow } = usePanesStore.getState();
  const isFolder = row.kind === "folder" || row.kind === "up" || row.kind === "link";
  const entry = row.kind === "up" ? undefined : row;
  return (
    <div
      ref={measure}
      style={style}
      role="row"
      id={`${side}-row-${index}`}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${active ? " grid-row-active" : ""}${marked ? " grid-row-marked" : ""}`}
      onMouseDown={(event) => {
        if (event.shiftKey) return extendTo(side, index);
        if (event.ctrlKey || event.metaKey) toggleMark(side, index, false);
        setCursor(side, index);
      }}
      onDoubleClick={() => void openRow(side, index)}
      onContextMenu={(event) => {
        event.preventDefault();
        if (!marked) setCursor(side, index);
        usePaneMenu.getState().open(side, event.clientX, event.clientY);
      }}
    >
      <span role="gridcell" className={`name ${isFolder ? "name-folder" : "name-file"}`}>
        <Icon name={row.kind === "up" ? "up" : row.kind} />
        {renaming ? <RenameField side={side} name={row.name} /> : row.name}
      </span>
      {shown.map((column) => (
        <span key={column.id} role="gridcell" className={column.className} title={column.title?.(entry)}>
          {column.cell(entry)}
        </span>
      ))}
    </div>
  );
}
