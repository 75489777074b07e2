import { describeHover, useDragStore } from "../stores/drag-store";

/** Follows the pointer during a drag and says what the drop will do, to how many items, and where. */
export function DragBadge() {
  const hover = useDragStore((state) => state.hover);
  if (!hover) return null;
  const blocked = hover.target.folder === undefined;
  return (
    <div role="tooltip" className={`drag-badge${blocked ? " drag-badge-blocked" : ""}`} style={{ left: hover.x + 14, top: hover.y + 18 }}>
      {describeHover(hover)}
      {!blocked && hover.carries.kind === "pane" && hover.carries.drag.side !== hover.target.side && !hover.move ? (
        <span className="drag-hint">Shift moves</span>
      ) : null}
    </div>
  );
}
