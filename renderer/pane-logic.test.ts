import { describe, expect, it } from "vitest";
import type { FileEntry } from "../shared/domain";
import { joinPath, modeOf, sortEntries, typeLabel } from "./pane-logic";

const file = (name: string, size = 0, modified = 0): FileEntry => ({ name, kind: "file", size, modified });
const folder = (name: string): FileEntry => ({ name, kind: "folder" });
const names = (entries: FileEntry[]) => entries.map((e) => e.name);

describe("sorting a listing", () => {
  const entries = [
    file("file 10.txt", 5, 3),
    folder("src"),
    file("file 2.txt", 50, 1),
    file("Zeta.md", 1, 2),
    folder("Assets"),
    file("ärger.txt", 7, 4),
  ];

  it("puts folders first and names in natural order", () => {
    expect(names(sortEntries(entries))).toEqual(["Assets", "src", "ärger.txt", "file 2.txt", "file 10.txt", "Zeta.md"]);
  });

  it("keeps folders first when the order is reversed", () => {
    expect(names(sortEntries(entries, { column: "name", descending: true }))).toEqual([
      "src",
      "Assets",
      "Zeta.md",
      "file 10.txt",
      "file 2.txt",
      "ärger.txt",
    ]);
  });

  it("sorts by size, time and type", () => {
    expect(names(sortEntries(entries, { column: "size", descending: true })).slice(2)).toEqual([
      "file 2.txt",
      "ärger.txt",
      "file 10.txt",
      "Zeta.md",
    ]);
    expect(names(sortEntries(entries, { column: "modified", descending: false })).slice(2)).toEqual([
      "file 2.txt",
      "Zeta.md",
      "file 10.txt",
      "ärger.txt",
    ]);
    expect(names(sortEntries(entries, { column: "type", descending: false })).slice(2)).toEqual([
      "Zeta.md",
      "ärger.txt",
      "file 2.txt",
      "file 10.txt",
    ]);
  });

  it("orders a big mixed folder exactly as the collator does, in every column", () => {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const extension = (name: string) => (name.lastIndexOf(".") > 0 ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "");
    const stems = ["report", "Report", "ärger", "_draft", "-old", "zeta", "Ελλάδα", "日本", "file 2", "file 10", "a.b", "ab", "a_b", "A-b"];
    const big = Array.from({ length: 30_000 }, (_, i) => {
      const name = `${stems[i % stems.length]}${(i * 7919) % 5000}.${["txt", "PDF", "tar.gz", ""][i % 4]}`;
      return i % 9 === 0 ? folder(name) : file(name, (i * 31) % 700, (i * 17) % 900);
    });
    for (const column of ["name", "type", "size", "modified"] as const) {
      for (const descending of [false, true]) {
        const direction = descending ? -1 : 1;
        const rank = (e: FileEntry) => (e.kind === "folder" ? 0 : 1);
        const key: Record<typeof column, (a: FileEntry, b: FileEntry) => number> = {
          name: () => 0,
          type: (a, b) => collator.compare(extension(a.name), extension(b.name)),
          size: (a, b) => (a.size ?? 0) - (b.size ?? 0),
          modified: (a, b) => (a.modified ?? 0) - (b.modified ?? 0),
        };
        const expected = [...big].sort((a, b) => rank(a) - rank(b) || direction * (key[column](a, b) || collator.compare(a.name, b.name)));
        expect(names(sortEntries(big, { column, descending })), `${column} ${descending ? "descending" : "ascending"}`).toEqual(
          names(expected),
        );
      }
    }
  });

  it("names types as WinSCP does", () => {
    expect([typeLabel(folder("x")), typeLabel(file("a.tar.GZ")), typeLabel(file("Makefile")), typeLabel(file(".bashrc"))]).toEqual([
      "Folder",
      "GZ file",
      "File",
      "File",
    ]);
  });
});

describe("joining paths", () => {
  it("keeps each side's form, with spaces, quotes and Unicode as they are", () => {
    expect(joinPath("remote", "/", "docs")).toBe("/docs");
    expect(joinPath("remote", "/var/www", 'my "quoted" file.txt')).toBe('/var/www/my "quoted" file.txt');
    expect(joinPath("local", "/home/ann", "Ünïcödé 🚀")).toBe("/home/ann/Ünïcödé 🚀");
    expect(joinPath("local", "C:\\", "Users")).toBe("C:\\Users");
    expect(joinPath("local", "D:\\My Files", "a b.txt")).toBe("D:\\My Files\\a b.txt");
    expect(joinPath("local", "C:", "Windows")).toBe("C:\\Windows");
  });
});

describe("permission strings", () => {
  it("become the mode SITE CHMOD takes", () => {
    expect(modeOf("rwxr-xr-x")).toBe(0o755);
    expect(modeOf("rw-r-----")).toBe(0o640);
    expect(modeOf("rwsr-xr-T")).toBe(0o754);
    expect(modeOf(undefined)).toBeUndefined();
    expect(modeOf("nonsense")).toBeUndefined();
  });
});
