import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFileMask, type FileMask } from "../../shared/file-mask";
import { sha256, tree } from "../../test-support/test-helpers";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

function mask(text: string): FileMask {
  const parsed = parseFileMask(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.mask;
}

/** Writes files (and the folders they are in) under a folder: path → content. */
async function write(folder: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
}

/** A web site as a developer has it: sources, a repository, dependencies, caches and backups. */
const site = {
  "top.php": "<?php top",
  "notes.md": "# notes",
  "site/index.php": "<?php index",
  "site/readme.txt": "read me",
  "site/big.txt": "x".repeat(2048),
  "site/old.php.bak": "<?php old",
  "site/.git/config": "[core]",
  "site/node_modules/pkg/index.php": "<?php dependency",
  "site/lib/util.php": "<?php util",
  "site/lib/cache/page.php": "<?php cached",
};

const takenFromSite = {
  "top.php": sha256(site["top.php"]),
  site: "folder",
  "site/index.php": sha256(site["site/index.php"]),
  "site/readme.txt": sha256(site["site/readme.txt"]),
  "site/lib": "folder",
  "site/lib/util.php": sha256(site["site/lib/util.php"]),
};

const siteMask = "*.php; *.txt<1K | .git/; node_modules/; */cache/; old*";

describe("a transfer with a file mask", () => {
  it("uploads only the files the mask takes, and never goes into the folders it excludes", async () => {
    const local = await localFolder();
    await write(local, site);
    const remote = await remoteFolder("masked-upload");
    const app = await ferry(fast);

    const { added } = await app.queue.add({
      connector: app.connector,
      direction: "upload",
      move: false,
      sourceFolder: local,
      names: ["notes.md", "site", "top.php"],
      targetFolder: remote.path,
      mask: mask(siteMask),
    });
    const jobs = await app.drained(20_000);

    expect(added).toBe(4);
    expect(statusOf(jobs)).toEqual(["done", "done", "done", "done"]);
    expect(jobs.map((job) => job.localPath.slice(local.length + 1)).sort()).toEqual([
      "site/index.php",
      "site/lib/util.php",
      "site/readme.txt",
      "top.php",
    ]);
    expect(await tree(remote.disk)).toEqual(takenFromSite);
  });

  it("downloads only the files the mask takes, paths read from the folder the names are in", async () => {
    const remote = await remoteFolder("masked-download");
    await write(remote.disk, site);
    const local = await localFolder();
    const app = await ferry(fast);

    await app.queue.add({
      connector: app.connector,
      direction: "download",
      move: false,
      sourceFolder: remote.path,
      names: ["notes.md", "site", "top.php"],
      targetFolder: local,
      mask: mask(`${siteMask}; /site/lib/`),
    });

    expect(statusOf(await app.drained(20_000))).toEqual(["done", "done", "done"]);
    const withoutLib = Object.entries(takenFromSite).filter(([path]) => !path.startsWith("site/lib"));
    expect(await tree(local)).toEqual(Object.fromEntries(withoutLib));
  });

  it("moves what the mask takes and keeps the folder with what it left, without a failure", async () => {
    const local = await localFolder();
    await write(local, { "m/a.txt": "a", "m/b.bak": "b", "m/inner/c.txt": "c" });
    const remote = await remoteFolder("masked-move");
    const app = await ferry(fast);

    await app.queue.add({
      connector: app.connector,
      direction: "upload",
      move: true,
      sourceFolder: local,
      names: ["m"],
      targetFolder: remote.path,
      mask: mask("|*.bak"),
    });
    const jobs = await app.drained(20_000);

    expect(jobs.filter((job) => job.status !== "done")).toEqual([]);
    expect(await tree(remote.disk)).toEqual({ m: "folder", "m/a.txt": sha256("a"), "m/inner": "folder", "m/inner/c.txt": sha256("c") });
    expect(await readdir(join(local, "m"))).toEqual(["b.bak"]);
  });
});
