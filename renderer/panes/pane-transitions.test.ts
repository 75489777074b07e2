import { describe, expect, it } from "vitest";
import type { FileEntry, Listing } from "../../shared/domain";
import { parseFileMask, type FileMask } from "../../shared/file-mask";
import * as pane from "./pane-transitions";
import { emptyPane, type PaneState } from "./pane-transitions";

const file = (name: string, size = 0): FileEntry => ({ name, kind: "file", size });
const folder = (name: string): FileEntry => ({ name, kind: "folder" });
/** A listing of `path` under `parent`; null for a root, which has no ".." row. */
const listing = (path: string, entries: FileEntry[], parent: string | null = "/"): Listing => ({
  path,
  ...(parent !== null ? { parent } : {}),
  entries,
  rejectedNames: 0,
});
const arrive = (from: PaneState, list: Listing, fromHistory = false) =>
  pane.listingArrived(from, list, { fromHistory, filter: from.filter });
const names = (state: PaneState) => state.rows.map((row) => row.name);
const cursorName = (state: PaneState) => state.rows[state.cursor]?.name;

const home = arrive(emptyPane, listing("/home", [file("b.txt", 4096), folder("src"), file("a.txt"), file("c.md", 4096)]));
const mask = (text: string): FileMask => {
  const parsed = parseFileMask(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mask;
};

describe("a listing arriving", () => {
  it("shows '..' first, then folders, then files, with the cursor on top and the folder in the history", () => {
    expect(names(home)).toEqual(["..", "src", "a.txt", "b.txt", "c.md"]);
    expect(home.cursor).toBe(0);
    expect(home.history).toEqual(["/home"]);
  });

  it("puts the cursor on the folder we came up from", () => {
    const inside = arrive(home, listing("/home/src", [file("main.ts")], "/home"));
    const backUp = arrive(inside, listing("/home", home.entries));
    expect(cursorName(backUp)).toBe("src");
    expect(backUp.history).toEqual(["/home", "/home/src", "/home"]);
  });

  it("says why a listing lacks entries, until a whole one arrives", () => {
    const cut = "The server cut the folder’s listing short (“Output truncated to 2 matches”): the folder holds more than was listed.";
    const partial = arrive(home, { ...listing("/home", home.entries), incomplete: cut });
    expect(partial.incomplete).toBe(cut);
    expect(arrive(partial, listing("/home", home.entries)).incomplete).toBeUndefined();
  });

  it("keeps the cursor, the marks still there and the filter on a refresh; another folder drops them", () => {
    const busy = { ...pane.toggleMark(pane.toggleMark(home, 2, false), 3, false), cursor: 3, filter: "" };
    const refreshed = arrive(busy, listing("/home", [file("a.txt"), file("b.txt"), folder("src")]));
    expect(cursorName(refreshed)).toBe("b.txt");
    expect(refreshed.marked).toEqual(["a.txt", "b.txt"]);
    const gone = arrive(busy, listing("/home", [file("b.txt")]));
    expect(gone.marked).toEqual(["b.txt"]);
    const filtered = pane.filterRows(busy, "txt");
    expect(names(arrive(filtered, listing("/home", home.entries)))).toEqual(["..", "a.txt", "b.txt"]);
    const elsewhere = arrive(filtered, listing("/tmp", home.entries));
    expect([elsewhere.filter, elsewhere.marked]).toEqual(["", []]);
  });

  it("keeps a rename under way when the folder is listed again (the disk changed), not in another folder; a typed path stays in both", () => {
    const renaming = pane.typePath(pane.startRename(pane.moveCursor(home, 2)), "/ho");
    const refreshed = arrive(renaming, listing("/home", [...home.entries, file("new.txt")]));
    expect([refreshed.renaming, refreshed.typedPath]).toEqual(["a.txt", "/ho"]);
    expect(arrive(renaming, listing("/home", [file("b.txt")])).renaming).toBeUndefined();
    const elsewhere = arrive(renaming, listing("/tmp", home.entries));
    expect([elsewhere.renaming, elsewhere.typedPath]).toEqual([undefined, "/ho"]);
  });

  it("steps back and forward through the history without adding to it", () => {
    const inside = arrive(home, listing("/home/src", [file("main.ts")], "/home"));
    const back = pane.stepHistory(inside, -1);
    expect(back?.path).toBe("/home");
    const returned = arrive(back!.pane, listing("/home", home.entries), true);
    expect([returned.history, returned.historyIndex]).toEqual([["/home", "/home/src"], 0]);
    expect(pane.stepHistory(returned, 1)?.path).toBe("/home/src");
    expect(pane.stepHistory(returned, -1)).toBeUndefined();
  });
});

describe("the cursor", () => {
  it("stays within the rows", () => {
    expect(pane.moveCursor(home, 99).cursor).toBe(4);
    expect(pane.moveCursor(home, -3).cursor).toBe(0);
  });

  it("with Shift marks every row it passes from where it started, never '..'", () => {
    const extended = pane.extendTo(pane.extendTo(home, 1), 3);
    expect(extended.marked).toEqual(["src", "a.txt", "b.txt"]);
    expect(pane.extendTo(extended, 2).marked).toEqual(["src", "a.txt"]);
    // A plain move ends the extension: the next one starts from there.
    expect(pane.extendTo(pane.moveCursor(extended, 4), 3).marked).toEqual(["b.txt", "c.md"]);
  });

  it("jumps to names as they are typed, one letter cycling through its names", () => {
    const names = arrive(emptyPane, listing("/x", [file("alpha"), file("apple"), file("beta"), file("Avocado")], null));
    expect(cursorName(pane.jumpTo(names, "a"))).toBe("apple");
    expect(cursorName(pane.jumpTo(pane.jumpTo(names, "a"), "a"))).toBe("Avocado");
    expect(cursorName(pane.jumpTo(names, "al"))).toBe("alpha");
    expect(pane.jumpTo(names, "zz")).toBe(names);
  });
});

describe("marks", () => {
  it("Insert marks the row and moves on; again unmarks; '..' is never marked", () => {
    const once = pane.toggleMark(home, 1, true);
    expect([once.marked, once.cursor]).toEqual([["src"], 2]);
    expect(pane.toggleMark(once, 1, false).marked).toEqual([]);
    expect(pane.toggleMark(home, 0, true).marked).toEqual([]);
  });

  it("by mask, all, and inverted", () => {
    const texts = pane.markByMask(home, mask("*.TXT"), true);
    expect(texts.marked).toEqual(["b.txt", "a.txt"]);
    expect(pane.markByMask(texts, mask("a*"), false).marked).toEqual(["b.txt"]);
    expect(pane.markByMask(home, mask("*/; *>1K | *.md"), true).marked).toEqual(["b.txt", "src"]);
    expect(pane.invertMarks(texts).marked).toEqual(["src", "c.md"]);
    expect(pane.markAll(home).marked).toHaveLength(4);
  });

  it("Compare directories puts its marks in place of the others and counts them until the folder changes", () => {
    const compared = pane.markDifferences(pane.toggleMark(home, 2, false), ["b.txt", "src"]);
    expect([compared.marked, compared.differ]).toEqual([["b.txt", "src"], 2]);
    expect(arrive(compared, listing("/home", [file("b.txt"), folder("src")])).differ).toBe(2);
    expect(arrive(compared, listing("/home/src", [])).differ).toBeUndefined();
  });

  it("go only on the rows a filter shows, and a filter unmarks what it hides: an operation acts on what is shown", () => {
    const texts = pane.filterRows(home, "*.txt");
    expect(pane.selectionOf(pane.markAll(texts))).toEqual(["b.txt", "a.txt"]);
    expect(pane.selectionOf(pane.invertMarks(pane.toggleMark(texts, 1, false)))).toEqual(["b.txt"]);
    expect(pane.selectionOf(pane.markByMask(texts, mask("*"), true))).toEqual(["b.txt", "a.txt"]);
    expect(pane.selectionOf(pane.markDifferences(texts, ["b.txt", "src"]))).toEqual(["b.txt"]);
    expect(pane.selectionOf(pane.filterRows(pane.markAll(home), "*.md"))).toEqual(["c.md"]);
  });

  it("are what an operation acts on; without marks, the cursor's row, never '..'", () => {
    expect(pane.selectionOf(home)).toEqual([]);
    expect(pane.selectionOf(pane.moveCursor(home, 2))).toEqual(["a.txt"]);
    expect(pane.selectionOf(pane.toggleMark(pane.moveCursor(home, 2), 4, false))).toEqual(["c.md"]);
  });
});

describe("sorting and filtering", () => {
  it("sorts by a column, the same one again reversing it, the cursor staying on its name", () => {
    const sized = arrive(emptyPane, listing("/s", [file("big", 900), file("small", 1), file("mid", 50)], null));
    const onMid = pane.moveCursor(sized, 1);
    const bySize = pane.sortBy(onMid, "size");
    expect([names(bySize), cursorName(bySize)]).toEqual([["small", "mid", "big"], "mid"]);
    expect(names(pane.sortBy(bySize, "size"))).toEqual(["big", "mid", "small"]);
  });

  it("filters by part of a name or by a mask, the cursor back on top", () => {
    expect(names(pane.filterRows(pane.moveCursor(home, 3), "B.T"))).toEqual(["..", "b.txt"]);
    expect(names(pane.filterRows(home, "*.md"))).toEqual(["..", "c.md"]);
    expect(names(pane.filterRows(home, "*/; *.txt | b*"))).toEqual(["..", "src", "a.txt"]);
    expect(names(pane.filterRows(home, "*>"))).toEqual(names(home));
    expect(pane.filterRows(pane.moveCursor(home, 3), "t").cursor).toBe(0);
  });
});

describe("renaming and operations", () => {
  it("renames the cursor's entry, never '..'", () => {
    expect(pane.startRename(home).renaming).toBeUndefined();
    const renaming = pane.startRename(pane.moveCursor(home, 2));
    expect(pane.endRename(renaming)).toEqual({ pane: pane.moveCursor(home, 2), from: "a.txt" });
  });

  it("lands on what an operation made, and keeps its error in view instead", () => {
    expect(cursorName(pane.operationDone(home, { landOn: "c.md" }))).toBe("c.md");
    const failed = pane.operationDone(home, { landOn: "c.md", error: "The server refused." });
    expect([failed.cursor, failed.error]).toEqual([0, "The server refused."]);
  });
});
