import type { CSSProperties, DragEvent } from "react";
import { hasUndecodableBytes, readableName } from "../../shared/server-encoding";
import type { PaneRow as Row, Side } from "../panes/pane-transitions";
import { usePaneMenu } from "../stores/pane-menu-store";
import { paneDragType, useDragStore } from "../stores/drag-store";
import { usePanesStore } from "../stores/panes-store";
import { useTransferStore } from "../stores/transfer-store";
import { command } from "../keymap";
import { Icon } from "./Icon";
import type { Column } from "./pane-columns";

/** The drag image is Ferry's own badge (it follows the pointer and says where the drop goes), so the browser's is blank. */
const blankDragImage = new Image();
blankDragImage.src = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

/**
 * In the desktop app, dragging starts the desktop's own drag, so that the items can land
 * outside Ferry: local items as they are, server files only when they are small enough to
 * copy first. Anything else stays a drag between the panes.
 */
function dragsOutToDesktop(side: Side, rows: Row[], names: string[]): boolean {
  if (!useDragStore.getState().canDragOut) return false;
  if (side === "local") return true;
  const limit = useTransferStore.getState().preferences?.dragOutLimit ?? 0;
  const picked = rows.filter((row) => names.includes(row.name));
  return (
    picked.every((row) => row.kind === "file") && picked.reduce((sum, row) => sum + (row.kind === "up" ? 0 : (row.size ?? 0)), 0) <= limit
  );
}

export interface RowProps {
  side: Side;
  row: Row;
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

/**
 * A server name whose bytes the site's encoding does not read shows its replacement characters and
 * says so; Ferry keeps the bytes, so the file can still be downloaded, renamed and deleted.
 */
function RowName({ name }: { name: string }) {
  if (!hasUndecodableBytes(name)) return name;
  return (
    <>
      <span className="name-text">{readableName(name)}</span>
      <span
        className="undecodable-name"
        title="The server's name has bytes the site's encoding for file names does not read. The file can still be downloaded, renamed and deleted; another encoding in the site's settings may read it."
      >
        undecodable
      </span>
    </>
  );
}

/** Starts dragging the marked rows (or this row alone, when it is not marked). */
function startDrag(event: DragEvent<HTMLElement>, side: Side, row: Row, index: number, marked: boolean) {
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

export function PaneRow({ side, row, index, active, selected, marked, shown, style, measure, renaming, dropTarget }: RowProps) {
  const { setCursor, extendTo, toggleMark } = usePanesStore.getState();
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
      onDoubleClick={() => {
        setCursor(side, index);
        const open = command("pane.open");
        if (open.enabled?.(side) ?? true) open.run(side);
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        if (!marked) setCursor(side, index);
        usePaneMenu.getState().open(side, event.clientX, event.clientY);
      }}
    >
      <span
        role="gridcell"
        className={`name ${isFolder ? "name-folder" : "name-file"}${hasUndecodableBytes(row.name) ? " name-undecodable" : ""}`}
        title={renaming ? undefined : readableName(row.name)}
      >
        <Icon name={row.kind === "up" ? "up" : row.kind} />
        {renaming ? <RenameField side={side} name={row.name} /> : <RowName name={row.name} />}
      </span>
      {shown.map((column) => (
        <span key={column.id} role="gridcell" className={column.className} title={column.title?.(entry)}>
          {column.cell(entry)}
        </span>
      ))}
    </div>
  );
}
