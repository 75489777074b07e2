import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../shared/domain";
import { paneStatus } from "./pane-status";

const file = (name: string, size: number): FileEntry => ({ name, kind: "file", size });
const folder = (name: string): FileEntry => ({ name, kind: "folder" });
const entries = [file("a", 10_000), file("b", 5_000), file("c", 3_000), folder("d"), folder("e")];

describe("a pane's status line", () => {
  it("counts files and folders and adds up the files", () => {
    expect(paneStatus(entries, [], 5)).toBe("3 files and 2 folders, 18 KB");
  });

  it("says how much of it is marked", () => {
    expect(paneStatus(entries, ["a", "c"], 5)).toBe("2 of 5 marked, 13 KB of 18 KB");
    expect(paneStatus(entries, ["d"], 5)).toBe("1 of 5 marked, 0 B of 18 KB");
  });

  it("speaks of one in the singular, and leaves out what there is none of", () => {
    expect(paneStatus([file("a", 1)], [], 1)).toBe("1 file, 1 B");
    expect(paneStatus([folder("d")], [], 1)).toBe("1 folder");
    expect(paneStatus([], [], 0)).toBe("Empty folder");
  });

  it("says how many rows a filter lets through", () => {
    expect(paneStatus(entries, [], 2)).toBe("3 files and 2 folders, 18 KB (2 shown)");
  });

  it("says how many entries differ after Compare directories", () => {
    expect(paneStatus(entries, ["a", "d"], 5, 2)).toBe("2 of 5 marked, 10 KB of 18 KB; 2 differ");
    expect(paneStatus(entries, ["a"], 5, 1)).toBe("1 of 5 marked, 10 KB of 18 KB; 1 differs");
    expect(paneStatus(entries, [], 5, 0)).toBe("3 files and 2 folders, 18 KB; none differ");
  });
});
