import type { PointerEvent } from "react";

/**
 * Starts dragging a handle (a splitter or a column's edge) on a primary-button press: the
 * handle captures the pointer and hears each move until the button is let go or the drag is
 * cancelled. Returns false for other buttons, which start nothing.
 */
export function dragHandle(event: PointerEvent<HTMLElement>, onMove: (moved: globalThis.PointerEvent) => void): boolean {
  if (event.button !== 0) return false;
  event.preventDefault();
  const handle = event.currentTarget;
  handle.setPointerCapture(event.pointerId);
  const end = () => {
    handle.removeEventListener("pointermove", onMove);
    handle.removeEventListener("pointerup", end);
    handle.removeEventListener("pointercancel", end);
  };
  handle.addEventListener("pointermove", onMove);
  handle.addEventListener("pointerup", end);
  handle.addEventListener("pointercancel", end);
  return true;
}
