/**
 * How a pane's columns are laid out: one width per column, shared by the header and every
 * row, so that each column starts at the same place in all of them. Pure, for the tests.
 */
export type ColumnId = "size" | "type" | "modified" | "permissions" | "owner";
export type LayoutColumnId = "name" | ColumnId;

/** Widths in CSS pixels the user set by dragging (or with the arrow keys); the rest keep their defaults. */
export type ColumnWidths = Partial<Record<LayoutColumnId, number>>;

export const defaultWidths: Record<ColumnId, number> = { size: 70, type: 70, modified: 150, permissions: 90, owner: 100 };
export const minColumnWidth = 40;
export const maxColumnWidth = 2000;
/** Until the user sizes it, the name column takes the room the others leave, but never less than this. */
export const minNameWidth = 100;
/** The gap between columns and the padding each side of a row, as styles.css has them. */
export const columnGap = 8;
export const rowPadding = 8;

export function clampWidth(width: number): number {
  return Math.round(Math.min(maxColumnWidth, Math.max(minColumnWidth, width)));
}

export function widthOf(id: ColumnId, widths: ColumnWidths): number {
  return widths[id] ?? defaultWidths[id];
}

/** The `grid-template-columns` of the header and of every row: Name first, then the shown columns. */
export function gridTemplate(shown: readonly ColumnId[], widths: ColumnWidths): string {
  const name = widths.name !== undefined ? `${widths.name}px` : `minmax(${minNameWidth}px, 1fr)`;
  return [name, ...shown.map((id) => `${widthOf(id, widths)}px`)].join(" ");
}

/** The narrowest a row may be: below this the pane scrolls sideways rather than squeezing a column. */
export function gridMinWidth(shown: readonly ColumnId[], widths: ColumnWidths): number {
  const columns = [widths.name ?? minNameWidth, ...shown.map((id) => widthOf(id, widths))];
  return columns.reduce((sum, width) => sum + width, 0) + columnGap * (columns.length - 1) + 2 * rowPadding;
}

/** Parses what the renderer's storage kept; anything damaged is dropped, column by column. */
export function parseWidths(saved: unknown): ColumnWidths {
  if (typeof saved !== "object" || saved === null) return {};
  const widths: ColumnWidths = {};
  for (const id of ["name", ...Object.keys(defaultWidths)] as LayoutColumnId[]) {
    const value = (saved as Record<string, unknown>)[id];
    if (typeof value === "number" && Number.isFinite(value)) widths[id] = clampWidth(value);
  }
  return widths;
}
