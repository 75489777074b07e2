import { create } from "zustand";
import type { z } from "zod";
import { CompareCriteriaSchema, defaultToleranceMs, ToleranceMsSchema, type CompareCriteria } from "../../shared/compare-folders";

/**
 * How the panes behave, kept in the renderer's storage like the column choices: they are this
 * window's habits, not settings main needs. Compare directories' criteria are here too: it
 * compares the two listings the panes already show; a synchronize run will be given its own.
 */
interface PanePreferencesStore {
  /** F5 and F6 ask where (WinSCP's Copy / Move dialog); off, they start at once. Shift+F5 and Shift+F6 always ask. */
  askBeforeTransfer: boolean;
  setAskBeforeTransfer(ask: boolean): void;
  /** What Compare directories compares files by. */
  compareCriteria: CompareCriteria;
  setCompareCriteria(criteria: CompareCriteria): void;
  /** Times this close are the same time for Compare directories. */
  compareToleranceMs: number;
  setCompareToleranceMs(ms: number): void;
}

const askKey = "ferry.askBeforeTransfer";
const criteriaKey = "ferry.compareCriteria";
const toleranceKey = "ferry.compareToleranceMs";

/** A stored value as its schema reads it; a missing or damaged one is the default. */
function stored<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  const text = globalThis.localStorage?.getItem(key);
  if (text === null || text === undefined) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export const usePanePreferences = create<PanePreferencesStore>((set) => ({
  askBeforeTransfer: globalThis.localStorage?.getItem(askKey) !== "false",
  setAskBeforeTransfer(ask) {
    set({ askBeforeTransfer: ask });
    globalThis.localStorage?.setItem(askKey, String(ask));
  },
  compareCriteria: stored(criteriaKey, CompareCriteriaSchema, "time"),
  setCompareCriteria(criteria) {
    set({ compareCriteria: criteria });
    globalThis.localStorage?.setItem(criteriaKey, JSON.stringify(criteria));
  },
  compareToleranceMs: stored(toleranceKey, ToleranceMsSchema, defaultToleranceMs),
  setCompareToleranceMs(ms) {
    set({ compareToleranceMs: ms });
    globalThis.localStorage?.setItem(toleranceKey, JSON.stringify(ms));
  },
}));
