import { describe, expect, it } from "vitest";
import { entersFolder, FileMaskSchema, matchesFileMask, parseFileMask, transfersFile, type FileMask, type MaskItem } from "./file-mask";
import { transfersContract } from "./transfer";

const local = (...parts: [number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0).getTime();
/** Noon on 1 March 2026, local time: what the ages count back from. */
const now = local(2026, 3, 1, 12);
const MiB = 1024 * 1024;

const file = (path: string, size: number, modified: number): MaskItem => ({
  name: path.split("/").pop() ?? path,
  kind: "file",
  path,
  size,
  modified,
});
const folder = (path: string): MaskItem => ({ name: path.split("/").pop() ?? path, kind: "folder", path });

/** A small tree, as a walk from its root would find it. */
const tree: MaskItem[] = [
  file("readme.TXT", 500, local(2025, 12, 1)),
  file("notes", 2 * MiB, local(2026, 2, 1)),
  file("backup.bak", 100, local(2026, 2, 28, 20)),
  file("big.iso", 3 * 1024 * MiB, local(2024, 6, 1)),
  file("new.log", 1024, local(2026, 3, 1, 11, 30)),
  folder("src"),
  file("src/main.ts", 2048, local(2026, 1, 15)),
  folder("src/cache"),
  file("src/cache/x.tmp", 10, local(2026, 1, 15)),
  folder(".git"),
  file(".git/config", 200, local(2026, 1, 1)),
  folder("www"),
  file("www/index.php", 300, local(2026, 1, 1)),
  folder("www/lib"),
  file("www/lib/util.php", 300, local(2026, 1, 1)),
  folder("images"),
  folder("images/avatars"),
  file("images/avatars/me.png", 5000, local(2026, 1, 1)),
];

function parsed(text: string): FileMask {
  const result = parseFileMask(text);
  if (!result.ok) throw new Error(result.error);
  return result.mask;
}

/** What a transfer of the whole tree takes: files in the folders it enters. */
function walked(text: string): string[] {
  const mask = parsed(text);
  const entered = (item: MaskItem) => {
    const above = (item.path ?? "").split("/").slice(0, -1);
    return above.every((_, i) => entersFolder(mask, folder(above.slice(0, i + 1).join("/"))));
  };
  return tree.filter((item) => item.kind === "file" && entered(item) && transfersFile(mask, item, now)).map((item) => item.path ?? "");
}

/** What Select by mask would mark in the tree. */
const selected = (text: string) => tree.filter((item) => matchesFileMask(parsed(text), item, now)).map((item) => item.path ?? "");

const allFiles = tree.filter((item) => item.kind === "file").map((item) => item.path ?? "");

describe("file masks against a tree", () => {
  it.each<[string, string[]]>([
    ["", allFiles],
    ["   ", allFiles],
    ["*.*", allFiles],
    ["*.txt", ["readme.TXT"]],
    ["*.", ["notes", ".git/config"]],
    ["*.txt; *.ISO, *.log", ["readme.TXT", "big.iso", "new.log"]],
    ["?????.*", ["www/index.php"]],
    ["[a-c]*", ["backup.bak", "big.iso", ".git/config"]],
    ["|*.bak; .git/", allFiles.filter((p) => p !== "backup.bak" && !p.startsWith(".git/"))],
    ["*.php | www/lib/", ["www/index.php"]],
    ["|*/", ["readme.TXT", "notes", "backup.bak", "big.iso", "new.log"]],
    ["*>1M", ["notes", "big.iso"]],
    ["*>=2048<=5000", ["src/main.ts", "images/avatars/me.png"]],
    ["*<1K", ["readme.TXT", "backup.bak", "src/cache/x.tmp", ".git/config", "www/index.php", "www/lib/util.php"]],
    ["*>1G", ["big.iso"]],
    ["*.*>2026-02-01 | .git/", ["backup.bak", "new.log"]],
    ["*>=2026-02-01", ["notes", "backup.bak", "new.log"]],
    ["*<2025-12-31 23:59", ["readme.TXT", "big.iso"]],
    ["*>1D", ["backup.bak", "new.log"]],
    ["*>1H", ["new.log"]],
    ["*>today", ["new.log"]],
    ["*>0HS", []],
    ["*>1HS", ["new.log"]],
    ["*>40N", ["new.log"]],
    ["*>20N", []],
    ["*>1YS", allFiles.filter((p) => p !== "big.iso")],
    ["*>yesterday", ["backup.bak", "new.log"]],
    ["*<1Y", ["big.iso"]],
    ["/www/*.php", ["www/index.php"]],
    ["www/*.php", ["www/index.php"]],
    ["*/lib/*.php", ["www/lib/util.php"]],
    ["*/cache/*.tmp", ["src/cache/x.tmp"]],
    ["|*/cache/", allFiles.filter((p) => p !== "src/cache/x.tmp")],
    ["images/; *.ts", []],
    ["images/; *.png", ["images/avatars/me.png"]],
    ["images/", ["readme.TXT", "notes", "backup.bak", "big.iso", "new.log", "images/avatars/me.png"]],
    ['"readme.txt"; *.b[a]k', ["readme.TXT", "backup.bak"]],
  ])("a transfer with %j takes the right files", (mask, files) => {
    expect(walked(mask)).toEqual(files);
  });

  it.each<[string, string[]]>([
    ["*.txt", ["readme.TXT"]],
    ["*/", ["src", "src/cache", ".git", "www", "www/lib", "images", "images/avatars"]],
    ["*/ | .git/; */lib/", ["src", "src/cache", "www", "images", "images/avatars"]],
    ["src/; *.bak", ["backup.bak", "src", "src/cache"]],
    ["images/", ["images", "images/avatars"]],
    ["|*.*", ["src", "src/cache", ".git", "www", "www/lib", "images", "images/avatars"]],
  ])("Select by mask %j marks files and folders apart", (mask, items) => {
    expect(selected(mask)).toEqual(items);
  });

  it("takes a name without a path as the item's path, and a file of no known size is not larger than anything", () => {
    const mask = parsed("*.txt>1K");
    expect(matchesFileMask(mask, { name: "a.txt", kind: "file", size: 4096 })).toBe(true);
    expect(matchesFileMask(mask, { name: "a.txt", kind: "file" })).toBe(false);
    expect(transfersFile(parsed(""), { name: "a", kind: "file" })).toBe(true);
  });
});

describe("bad masks", () => {
  it.each<[string, string]>([
    [
      "*>1Q",
      "“1Q” in “*>1Q” is not a size or an age: a size is a number with K, M or G (such as *>1M); an age is a number with Y, D, H, N or S (such as *>7D).",
    ],
    ["*.txt>", "“*.txt>” has “>” with nothing after it"],
    ["*<soon", "“soon” in “*<soon” is not a size or a time"],
    ["*>2026-02-30", "“2026-02-30” in “*>2026-02-30” is not a date: write it as year-month-day"],
    ["*<2026-01-01 25:00", "“2026-01-01 25:00” in “*<2026-01-01 25:00” is not a date"],
    ["report[a-z.txt", "“report[a-z.txt” has a “[” that is never closed with “]”."],
    ["file[z-a]", "“file[z-a]” has the range “z-a”, which runs backwards: write it as a-z."],
    ["*.txt | *.bak | *.tmp", "A mask has one “|”, between the masks to include and the masks to exclude"],
    ['"*.txt', 'A double quote (") in the mask is never closed.'],
    [".git/>1M", "“.git/>1M”: size and time conditions apply to files only"],
    ["/", "“/” names no folder"],
    ["src//", "“src//” names no folder"],
    ["www/", ""],
    ["www/a/", ""],
  ])("rejects %j with a sentence", (mask, error) => {
    const result = parseFileMask(mask);
    if (error === "") expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, error: expect.stringContaining(error) });
  });

  it("gives the parser's sentence through the schema", () => {
    expect(FileMaskSchema.safeParse("*.txt; |*.bak").success).toBe(true);
    expect(FileMaskSchema.safeParse("*>1Q").error?.issues[0]?.message).toContain("is not a size or an age");
    expect(FileMaskSchema.safeParse("*".repeat(5000)).success).toBe(false);
    const add = { sessionId: "s1", direction: "upload", move: false, sourceFolder: "/a", names: ["b"], targetFolder: "/c" };
    const request = transfersContract.commands["transfers.add"].request;
    expect(request.safeParse({ ...add, mask: "*.php | .git/" }).success).toBe(true);
    expect(request.safeParse({ ...add, mask: "*<2026-13-01" }).error?.issues[0]).toMatchObject({
      path: ["mask"],
      message: expect.stringContaining("is not a date"),
    });
  });

  it("reads || as a literal pipe, and takes the characters of regular expressions literally", () => {
    expect(matchesFileMask(parsed("a||b"), { name: "a|b", kind: "file" })).toBe(true);
    expect(matchesFileMask(parsed("a+b (*).txt"), { name: "a+b (1).txt", kind: "file" })).toBe(true);
    expect(matchesFileMask(parsed("report-??.pdf"), { name: "report-7.pdf", kind: "file" })).toBe(false);
    expect(matchesFileMask(parsed("[*]*"), { name: "*star", kind: "file" })).toBe(true);
    expect(matchesFileMask(parsed("ÄRGER.*"), { name: "ärger.txt", kind: "file" })).toBe(true);
  });

  it("matches many stars against long names at once (a regular expression would backtrack for minutes)", () => {
    const started = performance.now();
    const long = { name: "a".repeat(5000), kind: "file" as const };
    expect(matchesFileMask(parsed("*".repeat(3000) + "b"), long)).toBe(false);
    expect(matchesFileMask(parsed("*a*a*a*a*a*a*a*a*a*b"), long)).toBe(false);
    expect(matchesFileMask(parsed("*a*a*a*a"), long)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("takes a leading slash as the top folder", () => {
    expect(selected("/*.TXT")).toEqual(["readme.TXT"]);
    expect(selected("/src/")).toEqual(["src", "src/cache"]);
    expect(selected("[A-C]*.*")).toEqual(["backup.bak", "big.iso"]);
  });
});
