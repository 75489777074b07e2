import type { ReactNode } from "react";
import type { FileEntry } from "../../shared/domain";
import { formatBytes, formatDate, formatDateWithSeconds, formatSize } from "../format";
import { typeLabel, type SortColumn } from "../pane-logic";
import type { ColumnId } from "../panes/column-layout";

export type { ColumnId } from "../panes/column-layout";

export interface Column {
  id: ColumnId;
  label: string;
  /** The sort a click on the header chooses. */
  sort?: SortColumn;
  className?: string;
  remoteOnly?: boolean;
  cell(entry: FileEntry | undefined): ReactNode;
  title?(entry: FileEntry | undefined): string | undefined;
}

/** The columns after Name, in WinSCP's order; the remote pane adds permissions and owner. */
export const columns: Column[] = [
  {
    id: "size",
    label: "Size",
    sort: "size",
    className: "num",
    cell: (entry) => (entry?.kind === "file" ? formatSize(entry.size) : ""),
    title: (entry) => (entry?.size !== undefined ? formatBytes(entry.size) : undefined),
  },
  { id: "type", label: "Type", sort: "type", cell: (entry) => (entry ? typeLabel(entry) : "") },
  {
    id: "modified",
    label: "Modified",
    sort: "modified",
    cell: (entry) => formatDate(entry?.modified),
    title: (entry) => formatDateWithSeconds(entry?.modified),
  },
  {
    id: "permissions",
    label: "Permissions",
    className: "mono",
    remoteOnly: true,
    cell: (entry) => entry?.permissions ?? "",
  },
  {
    id: "owner",
    label: "Owner/Group",
    remoteOnly: true,
    cell: (entry) => (entry?.owner || entry?.group ? `${entry.owner ?? ""}/${entry.group ?? ""}` : ""),
  },
];

export function columnsFor(side: "local" | "remote", hidden: ColumnId[]): Column[] {
  return columns.filter((column) => (side === "remote" || !column.remoteOnly) && !hidden.includes(column.id));
}
