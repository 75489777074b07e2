import { create } from "zustand";

/** Where the window's splitters stand: kept in the renderer's storage, so a reload or restart finds them where they were. */
export interface Layout {
  /** The Local pane's share of the width between the panes, 0.15–0.85. */
  split: number;
  /** The heights of the transfer queue and the session log, in CSS pixels. */
  queueHeight: number;
  logHeight: number;
}

export const layoutLimits = {
  split: { min: 0.15, max: 0.85 },
  queueHeight: { min: 64, max: 1200 },
  logHeight: { min: 56, max: 1200 },
} as const satisfies Record<keyof Layout, { min: number; max: number }>;

const defaults: Layout = { split: 0.5, queueHeight: 190, logHeight: 150 };
const layoutKey = "ferry.layout";

function clamp(key: keyof Layout, value: number): number {
  return Math.min(layoutLimits[key].max, Math.max(layoutLimits[key].min, value));
}

/** What was kept, each value checked; a damaged one gets its default. */
export function parseLayout(saved: unknown): Layout {
  const layout = { ...defaults };
  if (typeof saved !== "object" || saved === null) return layout;
  for (const key of Object.keys(defaults) as (keyof Layout)[]) {
    const value = (saved as Record<string, unknown>)[key];
    if (typeof value === "number" && Number.isFinite(value)) layout[key] = clamp(key, value);
  }
  return layout;
}

function loadLayout(): Layout {
  try {
    return parseLayout(JSON.parse(globalThis.localStorage?.getItem(layoutKey) ?? "null"));
  } catch {
    return { ...defaults };
  }
}

interface LayoutStore extends Layout {
  set(key: keyof Layout, value: number): void;
}

export const useLayoutStore = create<LayoutStore>((set, get) => ({
  ...loadLayout(),
  set(key, value) {
    set({ [key]: clamp(key, value) } as Pick<Layout, typeof key>);
    const { split, queueHeight, logHeight } = get();
    globalThis.localStorage?.setItem(layoutKey, JSON.stringify({ split, queueHeight, logHeight }));
  },
}));
