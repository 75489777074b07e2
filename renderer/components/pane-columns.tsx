import type { ReactNode } from "react";
import type { FileEntry } from "../../shared/domain";
import { formatDate, formatSize } from "../format";
import { typeLabel, type SortColumn } from "../pane-logic";

export type ColumnId = "size" | "type" | "modified" | "permissions" | "owner";

export interface Column {
  id: ColumnId;
  label: string;
  width: string;
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
    width: "70px",
    sort: "size",
    className: "num",
    cell: (entry) => (entry?.kind === "file" ? formatSize(entry.size) : ""),
    title: (entry) => (entry?.size !== undefined ? `${entry.size.toLocaleString()} bytes` : undefined),
  },
  { id: "type", label: "Type", width: "70px", sort: "type", cell: (entry) => (entry ? typeLabel(entry) : "") },
  { id: "modified", label: "Modified", width: "135px", sort: "modified", cell: (entry) => formatDate(entry?.modified) },
  {
    id: "permissions",
    label: "Permissions",
    width: "90px",
    className: "mono",
    remoteOnly: true,
    cell: (entry) => entry?.permissions ?? "",
  },
  {
    id: "owner",
    label: "Owner/Group",
    width: "90px",
    remoteOnly: true,
    cell: (entry) => (entry?.owner || entry?.group ? `${entry.owner ?? ""}/${entry.group ?? ""}` : ""),
  },
];

export function columnsFor(side: "local" | "remote", hidden: ColumnId[]): Column[] {
  return columns.filter((column) => (side === "remote" || !column.remoteOnly) && !hidden.includes(column.id));
}

export function gridTemplate(shown: Column[]): string {
  return ["minmax(140px, 1fr)", ...shown.map((column) => column.width)].join(" ");
}
