import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable, type Transform } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import {
  countingWire,
  crlfLines,
  downloadSizeAgrees,
  lfLines,
  sendsAsText,
  toLocalLines,
  uploadSizeAgrees,
  type WireCount,
} from "./text-mode";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** Passes `chunks` (as separate pieces, so that line ends fall across them) through the stages. */
async function through(chunks: string[], ...stages: Transform[]): Promise<string> {
  const out = stages.at(-1)!;
  const collected = buffer(out);
  await pipeline([Readable.from(chunks.map((chunk) => Buffer.from(chunk, "latin1"))), ...stages]);
  return (await collected).toString("latin1");
}

describe("line ends", () => {
  it("become CRLF on the wire, a CRLF staying one (never CRCRLF), also where a chunk ends between CR and LF", async () => {
    expect(await through(["one\ntwo\r", "\nthree\n", "\n"], crlfLines())).toBe("one\r\ntwo\r\nthree\r\n\r\n");
    expect(await through(["lone\rcr"], crlfLines())).toBe("lone\rcr");
  });

  it("become LF on an LF platform, a lone CR staying, also where a chunk ends on the CR", async () => {
    expect(await through(["one\r\ntwo\r", "\nthree\r", "x\r"], lfLines())).toBe("one\ntwo\nthree\rx\r");
    expect(await through(["\r", "\n", "\r\n"], lfLines())).toBe("\n\n");
  });

  it("round-trip byte for byte: an LF file on an LF platform, a CRLF file on a CRLF platform", async () => {
    const lfFile = "<?php\necho 1;\n\n// end\n";
    expect(await through([lfFile], crlfLines(), toLocalLines("lf"))).toBe(lfFile);
    const crlfFile = "[section]\r\nkey=value\r\n\r\n";
    expect(await through([crlfFile.slice(0, 10), crlfFile.slice(10)], crlfLines(), toLocalLines("crlf"))).toBe(crlfFile);
  });

  it("count the wire, so that a server's size agrees whether it converted the line ends or kept them", async () => {
    const wire: WireCount = { bytes: 0, crlf: 0 };
    await through(["a\r", "\nb\r\nc"], countingWire(wire));
    expect(wire).toEqual({ bytes: 7, crlf: 2 });
    // An upload's copy is the wire's bytes, or one less per CRLF: nothing in between.
    expect(uploadSizeAgrees(7, wire)).toBe(true); // kept as sent
    expect(uploadSizeAgrees(5, wire)).toBe(true); // LF on the server
    expect(uploadSizeAgrees(6, wire)).toBe(false); // short of what was sent, and not converted
    expect(uploadSizeAgrees(4, wire)).toBe(false); // short
    expect(uploadSizeAgrees(8, wire)).toBe(false);
    // A download's file may have had one CRLF already, which a converting server sends as it is.
    expect(downloadSizeAgrees(6, wire)).toBe(true);
    expect(downloadSizeAgrees(4, wire)).toBe(false);
    expect(downloadSizeAgrees(8, wire)).toBe(false);
  });
});

describe("which files go as text", () => {
  it("follows the mode, and in automatic mode the text masks", () => {
    const auto = { transferMode: "auto" as const, textMasks: "*.*html; *.php; .htaccess" };
    expect(sendsAsText(auto, "/www/index.shtml")).toBe(true);
    expect(sendsAsText(auto, "/www/.htaccess")).toBe(true);
    expect(sendsAsText(auto, "C:\\site\\INDEX.PHP")).toBe(true);
    expect(sendsAsText(auto, "/www/logo.png")).toBe(false);
    expect(sendsAsText({ ...auto, transferMode: "text" }, "/www/logo.png")).toBe(true);
    expect(sendsAsText({ ...auto, transferMode: "binary" }, "/www/index.html")).toBe(false);
  });
});

describe("text transfers", () => {
  it("send CRLF on the wire (a server that keeps what it gets stores it) and bring LF back, size-checked both ways", async () => {
    const app = await ferry(fast, { preferences: { transferMode: "auto" } });
    const local = await localFolder();
    const page = "<h1>hi</h1>\n<p>two</p>\n";
    const picture = "\x89PNG\r\n\x1a\n\n";
    await writeFile(join(local, "index.html"), page);
    await writeFile(join(local, "logo.png"), picture, "latin1");
    const remote = await remoteFolder("text");

    await app.add("upload", local, ["index.html", "logo.png"], remote.path);
    expect(statusOf(await app.drained())).toEqual(["done", "done"]);
    // ftp-srv converts nothing in TYPE A: what it stored is what went over the wire.
    expect(await readFile(join(remote.disk, "index.html"), "latin1")).toBe("<h1>hi</h1>\r\n<p>two</p>\r\n");
    expect(await readFile(join(remote.disk, "logo.png"), "latin1")).toBe(picture);

    const back = await localFolder();
    await app.add("download", remote.path, ["index.html", "logo.png"], back);
    expect(statusOf(await app.drained())).toEqual(["done", "done", "done", "done"]);
    expect(await readFile(join(back, "index.html"), "latin1")).toBe(page);
    expect(await readFile(join(back, "logo.png"), "latin1")).toBe(picture);
  });

  it("follow the Copy dialog's choice for its files over the preference", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await writeFile(join(local, "notes.dat"), "a\nb\n");
    const remote = await remoteFolder("text-batch");
    await app.queue.add({
      connector: app.connector,
      direction: "upload",
      move: false,
      sourceFolder: local,
      names: ["notes.dat"],
      targetFolder: remote.path,
      settings: { transferMode: "text" },
    });
    const [job] = await app.drained();
    expect(job).toMatchObject({ status: "done", settings: { transferMode: "text" } });
    expect(await readFile(join(remote.disk, "notes.dat"), "latin1")).toBe("a\r\nb\r\n");
  });
});

describe("a text file whose target exists", () => {
  it("is not offered Resume (its sizes differ across the conversion), and a binary one is", async () => {
    const remote = await remoteFolder("text-exists");
    await writeFile(join(remote.disk, "page.html"), "<h1>");
    await writeFile(join(remote.disk, "page.bin"), "<h1>");
    const local = await localFolder();
    await writeFile(join(local, "page.html"), "<h1>hi</h1>\n");
    await writeFile(join(local, "page.bin"), "<h1>hi</h1>\n");
    const app = await ferry(fast, {
      preferences: { transferMode: "auto", textMasks: "*.html" },
      ask: () => ({ action: "overwrite", applyToAll: false }),
    });
    await app.add("upload", local, ["page.html"], remote.path);
    await app.drained();
    await app.add("upload", local, ["page.bin"], remote.path);
    await app.drained();
    expect(app.asked.map((request) => [request.target.path, request.canResume])).toEqual([
      [`${remote.path}/page.html`, false],
      [`${remote.path}/page.bin`, true],
    ]);
    expect(await readFile(join(remote.disk, "page.html"), "latin1")).toBe("<h1>hi</h1>\r\n");
  });
});
