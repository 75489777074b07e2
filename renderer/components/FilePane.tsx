import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type CSSProperties, type DragEvent, type KeyboardEvent } from "react";
import { folderOfRow, type SortColumn } from "../pane-logic";
import { useBookmarksStore } from "../stores/bookmarks-store";
import { paneDragType, useDragStore, type DropTarget } from "../stores/drag-store";
import { usePaneDialogStore } from "../stores/pane-dialog-store";
import { usePaneMenu } from "../stores/pane-menu-store";
import type { PaneRow, Side } from "../panes/pane-transitions";
import { usePanesStore } from "../stores/panes-store";
import { useTransferStore } from "../stores/transfer-store";
import { formatSize } from "../format";
import { Icon } from "./Icon";
import { columnsFor, gridTemplate, type Column } from "./pane-columns";
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

/** The drag image is Ferry's own badge (it follows the pointer and says where the drop goes), so the browser's is blank. */
const blankDragImage = new Image();
blankDragImage.src = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

/**
 * In the desktop app, dragging starts the desktop's own drag, so that the items can land
 * outside Ferry: local items as they are, server files only when they are small enough to
 * copy first. Anything else stays a drag between the panes.
 */
function dragsOutToDesktop(side: Side, rows: PaneRow[], names: string[]): boolean {
  if (!useDragStore.getState().canDragOut) return false;
  if (side === "local") return true;
  const limit = useTransferStore.getState().preferences?.dragOutLimit ?? 0;
  const picked = rows.filter((row) => names.includes(row.name));
  return picked.every((row) => row.kind === "file") && picked.reduce((sum, row) => sum + (row.kind === "up" ? 0 : (row.size ?? 0)), 0) <= limit;
}

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

  const receiving = useDragStore((state) => (state.receiving?.side === side ? state.receiving : undefined));
  const dropRow = useDragStore((state) => (state.hover?.target.side === side ? state.hover.target.rowName : undefined));
  const dropOnPane = useDragStore((state) => state.hover?.target.side === side && state.hover.target.rowName === undefined);

  /** Where a drag over this pane would land, or undefined where it cannot (text, links, the dragged items themselves). */
  function dropTargetOf(event: DragEvent<HTMLElement>): DropTarget | undefined {
    const drag = useDragStore.getState().drag;
    if (!drag && !event.dataTransfer.types.includes("Files")) return undefined;
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

  function onDragOver(event: DragEvent<HTMLElement>) {
    const target = dropTargetOf(event);
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
    drags.setHover({ target, x: event.clientX, y: event.clientY, move, carries: drag ? { kind: "pane", drag } : { kind: "desktop", count } });
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    const target = dropTargetOf(event);
    useDragStore.getState().setHover(undefined);
    if (!target) return;
    event.preventDefault();
    void useDragStore.getState().drop(target, event.dataTransfer, event.shiftKey);
  }

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
      {receiving ? (
        <div role="status" className="pane-progress">
          <span>
            Receiving dropped files… {formatSize(receiving.done)} of {formatSize(receiving.total)}
          </span>
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
        className={`grid${dropOnPane ? " grid-drop-target" : ""}`}
        style={{ "--grid-columns": gridTemplate(shown) } as CSSProperties}
        onKeyDown={onKeyDown}
        onFocus={() => focus(side)}
        onDragOver={onDragOver}
        onDragLeave={(event) => {
          if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) useDragStore.getState().setHover(undefined);
        }}
        onDrop={onDrop}
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
                dropTarget={dropRow === row.name}
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
  /** A drag hovers over this folder row: the drop would go into it. */
  dropTarget: boolean;
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

/** Starts dragging the marked rows (or this row alone, when it is not marked). */
function startDrag(event: DragEvent<HTMLElement>, side: Side, row: PaneRow, index: number, marked: boolean) {
  const panes = usePanesStore.getState();
  const pane = panes[side];
  if (row.kind === "up" || !pane.path) {
    event.preventDefault();
    return;
  }
  if (!marked) panes.setCursor(side, index);
  const drag = { side, folder: pane.path, names: marked ? pane.marked : [row.name] };
  const drags = useDragStore.getState();
  drags.begin(drag);
  if (dragsOutToDesktop(side, pane.rows, drag.names)) {
    event.preventDefault();
    void drags.dragOut(drag);
    return;
  }
  event.dataTransfer.setData(paneDragType, drag.names.join("\n"));
  event.dataTransfer.effectAllowed = "copyMove";
  event.dataTransfer.setDragImage(blankDragImage, 0, 0);
}

function Row({ side, row, index, active, selected, marked, shown, style, measure, renaming, dropTarget }: RowProps) {
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
      className={`grid-row${active ? " grid-row-active" : ""}${marked ? " grid-row-marked" : ""}${dropTarget ? " grid-row-drop" : ""}`}
      draggable={row.kind !== "up" && !renaming}
      onDragStart={(event) => startDrag(event, side, row, index, marked)}
      onDragEnd={() => useDragStore.getState().end()}
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
