import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../shared/domain";
import { planSync, type FolderListings, type PlanOptions } from "./sync-plan";

const t = (iso: string) => Date.parse(iso);
const file = (name: string, size: number, modified: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  name,
  kind: "file",
  size,
  modified: t(modified),
  ...extra,
});
const folder = (name: string): FileEntry => ({ name, kind: "folder" });
const tree = (folders: Record<string, FileEntry[]>): FolderListings => new Map(Object.entries(folders));

const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({
  direction: "remote",
  mode: "files",
  criteria: "time",
  toleranceMs: 1000,
  deleteMissing: false,
  ...extra,
});
const rows = (local: FolderListings, remote: FolderListings, extra: Partial<PlanOptions> = {}) =>
  planSync(local, remote, options(extra)).actions.map((action) => `${action.kind} ${action.path} (${action.reason})`);

const local = tree({
  "": [file("index.html", 10, "2026-05-01T10:00:00Z"), file("old.css", 5, "2026-01-01T00:00:00Z"), folder("img"), folder("new")],
  img: [file("logo.png", 100, "2026-05-01T10:00:30Z")],
  new: [file("a.txt", 1, "2026-05-01T10:00:00Z"), file("b.txt", 2, "2026-05-01T10:00:00Z")],
});
const remote = tree({
  "": [
    file("index.html", 9, "2026-04-01T10:00:00Z"),
    file("old.css", 6, "2026-03-01T00:00:00Z"),
    folder("img"),
    file("stray.log", 3, "2026-05-01T10:00:00Z"),
    folder("gone"),
  ],
  img: [file("logo.png", 100, "2026-05-01T10:00:00Z", { timePrecision: "minute" })],
  gone: [file("x", 7, "2026-05-01T10:00:00Z")],
});

describe("planning a synchronization", () => {
  it("uploads what is new and newer to the server, a new folder as one row with its files, and leaves older files alone", () => {
    expect(rows(local, remote)).toEqual(["upload index.html (newer)", "upload new (new)"]);
    const plan = planSync(local, remote, options());
    expect(plan.actions[1]).toMatchObject({ local: { kind: "folder", files: 2 }, bytes: 3 });
  });

  it("mirrors: older files go too, and with deletion what the source lacks is deleted on the target", () => {
    expect(rows(local, remote, { mode: "mirror", deleteMissing: true })).toEqual([
      "delete-remote gone (missing on the source)",
      "upload index.html (newer)",
      "upload new (new)",
      "upload old.css (older)",
      "delete-remote stray.log (missing on the source)",
    ]);
  });

  it("downloads to this computer by the same rules the other way", () => {
    expect(rows(local, remote, { direction: "local", deleteMissing: true })).toEqual([
      "download gone (new)",
      "delete-local new (missing on the source)",
      "download old.css (newer)",
      "download stray.log (new)",
    ]);
  });

  it("with Both, takes each file from the side where it is newer, and leaves a same-time, other-size pair as a problem", () => {
    const plan = planSync(
      tree({ "": [file("a", 1, "2026-05-02T00:00:00Z"), file("b", 1, "2026-05-01T00:00:00Z"), file("c", 1, "2026-05-01T00:00:00Z")] }),
      tree({ "": [file("a", 1, "2026-05-01T00:00:00Z"), file("b", 1, "2026-05-02T00:00:00Z"), file("c", 2, "2026-05-01T00:00:00Z")] }),
      options({ direction: "both", criteria: "both" }),
    );
    expect(plan.actions.map((a) => `${a.kind} ${a.path}`)).toEqual(["upload a", "download b"]);
    expect(plan.problems.map((p) => p.path)).toEqual(["c"]);
  });

  it("counts a minute-precision server time as the whole minute, and the tolerance applies", () => {
    // logo.png is 10:00:30 here and "10:00" there: the same.
    expect(rows(local, remote).some((row) => row.includes("logo"))).toBe(false);
    const here = tree({ "": [file("f", 1, "2026-05-01T12:00:00Z")] });
    const there = tree({ "": [file("f", 1, "2026-05-01T14:00:00Z")] });
    expect(rows(here, there, { direction: "local" })).toEqual(["download f (newer)"]);
    expect(rows(here, there, { direction: "local", toleranceMs: 2 * 3_600_000 })).toEqual([]);
  });

  it("sets times only for files that differ in time alone", () => {
    const here = tree({
      "": [
        file("same-size", 4, "2026-05-02T00:00:00Z"),
        file("other-size", 4, "2026-05-02T00:00:00Z"),
        file("only-here", 1, "2026-05-02T00:00:00Z"),
      ],
    });
    const there = tree({ "": [file("same-size", 4, "2026-05-01T00:00:00Z"), file("other-size", 5, "2026-05-01T00:00:00Z")] });
    expect(rows(here, there, { mode: "timestamps" })).toEqual(["set-remote-time same-size (time differs)"]);
  });

  it("finds a pair the last synchronization left equal unchanged, whatever the server's time of the upload says", () => {
    const here = tree({ "": [file("f", 1, "2026-05-01T00:00:00Z")] });
    const there = tree({ "": [file("f", 1, "2026-06-01T00:00:00Z")] });
    expect(rows(here, there, { mode: "mirror" })).toEqual(["upload f (older)"]);
    expect(rows(here, there, { mode: "mirror", sinceLastSync: (path) => (path === "f" ? "unchanged" : undefined) })).toEqual([]);
    // Changed here since (the server's copy is as recorded): newer here, even where the clocks say otherwise.
    expect(rows(here, there, { sinceLastSync: () => "local-changed" })).toEqual(["upload f (newer)"]);
    expect(rows(here, there, { direction: "both", sinceLastSync: () => "remote-changed" })).toEqual(["download f (newer)"]);
  });

  it("leaves a file facing a folder alone, and does not look inside a folder one side could not list", () => {
    const here = tree({ "": [file("x", 1, "2026-05-01T00:00:00Z"), folder("locked")], locked: [file("mine", 1, "2026-05-01T00:00:00Z")] });
    const there = tree({ "": [folder("x"), folder("locked")] });
    const plan = planSync(here, there, options({ mode: "mirror", deleteMissing: true }));
    expect(plan.actions).toEqual([]);
    expect(plan.problems.map((p) => p.path)).toEqual(["x"]);
  });

  it("leaves alone names that one disk may take for one file: other case, or the same letters encoded otherwise", () => {
    const nfd = "Pra\u0308sentation.pdf";
    const nfc = "Pr\u00e4sentation.pdf";
    const here = tree({ "": [file(nfd, 10, "2026-05-01T00:00:00Z"), file("README.md", 1, "2026-05-01T00:00:00Z")] });
    const there = tree({ "": [file(nfc, 10, "2026-05-01T00:00:00Z"), file("Readme.md", 2, "2026-05-02T00:00:00Z")] });
    for (const direction of ["local", "remote", "both"] as const) {
      const plan = planSync(here, there, options({ direction, mode: "mirror", deleteMissing: true }));
      expect(plan.actions).toEqual([]);
      expect(plan.problems.map((p) => p.path).sort()).toEqual([nfd, nfc, "README.md", "Readme.md"].sort());
    }
  });
});
