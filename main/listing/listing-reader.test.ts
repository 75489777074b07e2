import { FileType } from "basic-ftp";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import type { FixedEncoding } from "../../shared/server-encoding";
import { failure } from "../../test-support/test-helpers";
import { NameCodec } from "../sessions/name-codec";
import { ListingReader, maxListingLineBytes } from "./listing-reader";

/** Feeds `chunks` to a reader as a data connection would, and returns what it read. */
async function read(chunks: (string | Buffer)[], options: { encoding?: FixedEncoding; maxEntries?: number } = {}) {
  const reader = new ListingReader(new NameCodec(options.encoding ?? "utf8"), { maxEntries: options.maxEntries });
  await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), reader);
  return reader.entries();
}

describe("ListingReader", () => {
  it("reads lines split anywhere across chunks, multi-byte names included", async () => {
    const text = "total 2\r\n-rw-r--r-- 1 u g 12 Nov 23  2025 Über ñ.txt\r\ndrwxr-xr-x 2 u g 4096 Nov 23 10:00 a folder\r\n";
    const bytes = Buffer.from(text);
    // One byte at a time: every split of a line and of a UTF-8 character is met.
    const infos = await read([...bytes].map((byte) => Buffer.from([byte])));
    expect(infos.map((info) => [info.name, info.type, info.size])).toEqual([
      ["Über ñ.txt", FileType.File, 12],
      ["a folder", FileType.Directory, 4096],
    ]);
  });

  it("reads a last line without a line break, and latin1 names", async () => {
    const infos = await read([Buffer.from("-rw-r--r-- 1 u g 3 Nov 23  2025 caf\xe9", "latin1")], { encoding: "latin1" });
    expect(infos.map((info) => info.name)).toEqual(["café"]);
  });

  it("reads names in the session's encoding, and keeps the bytes of a name that does not decode", async () => {
    const line = (name: string) =>
      Buffer.concat([Buffer.from("-rw-r--r-- 1 u g 3 Nov 23  2025 "), Buffer.from(name, "latin1"), Buffer.from("\r\n")]);
    // "Привет" in Windows-1251, then a name with 0x98, which Windows-1251 leaves undefined.
    const infos = await read([line("\xcf\xf0\xe8\xe2\xe5\xf2.txt"), line("\xcf\x98.txt")], { encoding: "windows-1251" });
    expect(infos.map((info) => info.name)).toEqual(["Привет.txt", "\udccf\udc98.txt"]);
  });

  it("reads MLSD and DOS listings with basic-ftp's parsers", async () => {
    const mlsd = await read(["type=file;size=5;modify=20250101000000; a.txt\r\ntype=dir;modify=20250101000000; sub\r\n"]);
    expect(mlsd.map((info) => [info.name, info.type, info.size])).toEqual([
      ["a.txt", FileType.File, 5],
      ["sub", FileType.Directory, 0],
    ]);
    // Names of digits alone are names, not an `ls` "total 42" line.
    const digits = await read(["type=dir;modify=20250101000000;perm=flcdmpe; 2024\r\ntype=file;size=5;modify=20250101000000; 404\r\n"]);
    expect(digits.map((info) => [info.name, info.type])).toEqual([
      ["2024", FileType.Directory],
      ["404", FileType.File],
    ]);
    const dos = await read(["12-05-96  05:03PM       <DIR>          myDir\r\n12-05-96  05:03PM                 42 notes.txt\r\n"]);
    expect(dos.map((info) => [info.name, info.type, info.size])).toEqual([
      ["myDir", FileType.Directory, 0],
      ["notes.txt", FileType.File, 42],
    ]);
  });

  it("counts the lines that name something it cannot read, not those that name nothing", async () => {
    const reader = new ListingReader(new NameCodec("utf8"));
    const lines = [
      "insgesamt 12",
      "drwxr-xr-x 2 u g 4096 Nov 23  2025 .",
      "drwxr-xr-x 2 u g 4096 Nov 23  2025 ..",
      "-rw-r--r-- 1 u g 1 Nov 23  2025 a.txt",
      // A month in UTF-8, read as Latin-1: four characters where the parser wants three.
      Buffer.from("-rw-r--r-- 1 u g 1 Mär 23  2025 report.txt").toString("latin1"),
      "some words of the server's own",
      "",
    ];
    await pipeline(Readable.from([Buffer.from(lines.join("\r\n"), "latin1")]), reader);
    expect(reader.entries().map((info) => info.name)).toEqual(["a.txt"]);
    expect(reader.unreadLines).toBe(2);
    const mlsd = new ListingReader(new NameCodec("utf8"));
    await pipeline(
      Readable.from(["type=cdir;modify=20250101000000; .\r\ntype=pdir;modify=20250101000000; ..\r\ntype=file;size=1; a\r\n"]),
      mlsd,
    );
    expect(mlsd.entries().map((info) => info.name)).toEqual(["a"]);
    expect(mlsd.unreadLines).toBe(0);
  });

  it("says in a sentence when no line is in a format it knows", async () => {
    const error = await failure(read(["this is not\r\na listing\r\n"]));
    expect(error.message).toBe("The server sent a folder listing in a format Ferry cannot read (neither Unix, DOS nor MLSD style).");
  });

  it("stops past its entry limit with a sentence", async () => {
    const lines = Array.from({ length: 11 }, (_, i) => `-rw-r--r-- 1 u g 1 Nov 23  2025 f${i}\r\n`);
    expect(await read(lines.slice(0, 10), { maxEntries: 10 })).toHaveLength(10);
    const error = await failure(read(lines, { maxEntries: 10 }));
    expect(error.message).toBe(
      "Ferry stopped reading the folder listing: the folder has more than 10 entries, more than Ferry shows in one folder.",
    );
  });

  it("stops at a line that never ends", async () => {
    const error = await failure(read(["-rw-r--r-- 1 u g 1 Nov 23  2025 ", "x".repeat(maxListingLineBytes)]));
    expect(error.message).toBe("Ferry stopped reading the folder listing: one of its lines is longer than 64 KiB.");
  });
});
