import type { KeyboardEvent, PointerEvent } from "react";
import { layoutLimits, useLayoutStore, type Layout } from "../stores/layout-store";
import { dragHandle } from "./drag-handle";

interface SplitterProps {
  /** Which splitter: between the panes (`split`), or above the queue or the log (their heights). */
  what: keyof Layout;
  label: string;
}

/** Arrow keys move a splitter by this many pixels (or this share of the width, for the panes). */
const pixelStep = 16;
const shareStep = 0.02;

/**
 * A draggable bar between two parts of the window, focusable and moved with the arrow keys
 * too (Home and End go to its limits). Between the panes it sets the Local pane's share of the
 * width; above a panel, the panel's height.
 */
export function Splitter({ what, label }: SplitterProps) {
  const value = useLayoutStore((state) => state[what]);
  const vertical = what === "split";
  const limits = layoutLimits[what];
  const setValue = (next: number) => useLayoutStore.getState().set(what, next);

  function onPointerDown(event: PointerEvent<HTMLElement>) {
    const container = event.currentTarget.parentElement?.getBoundingClientRect();
    const start = { y: event.clientY, value };
    dragHandle(event, (moved) => {
      if (vertical && container) setValue((moved.clientX - container.left) / container.width);
      // Dragging the bar above a panel up makes the panel taller.
      else setValue(start.value - (moved.clientY - start.y));
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const step = vertical ? shareStep : pixelStep;
    const moves: Record<string, number> = vertical
      ? { ArrowLeft: value - step, ArrowRight: value + step, Home: limits.min, End: limits.max }
      : { ArrowUp: value + step, ArrowDown: value - step, Home: limits.max, End: limits.min };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    setValue(next);
  }

  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={vertical ? "vertical" : "horizontal"}
      aria-valuenow={Math.round(vertical ? value * 100 : value)}
      aria-valuemin={Math.round(vertical ? limits.min * 100 : limits.min)}
      aria-valuemax={Math.round(vertical ? limits.max * 100 : limits.max)}
      tabIndex={0}
      className={`splitter ${vertical ? "splitter-vertical" : "splitter-horizontal"}`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
