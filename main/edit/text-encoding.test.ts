import { describe, expect, it } from "vitest";
import { failure } from "../../test-support/test-helpers";
import { imageTypeOf } from "./image-type";
import { decodeText, encodeText, isBinary } from "./text-encoding";

const roundTrip = (bytes: Buffer) => {
  const decoded = decodeText(bytes);
  if (!decoded) throw new Error("not text");
  return encodeText(decoded.text, decoded.encoding, decoded.lineEnding);
};

describe("a text file's encoding and line ends", () => {
  it("reads UTF-8 with LF and writes it back byte for byte", () => {
    const bytes = Buffer.from("<?php\necho 'héllo €';\n", "utf8");
    expect(decodeText(bytes)).toEqual({ text: "<?php\necho 'héllo €';\n", encoding: "utf-8", lineEnding: "lf" });
    expect(roundTrip(bytes).equals(bytes)).toBe(true);
  });

  it("keeps CRLF line ends, and a byte-order mark", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a\r\nb\r\n", "utf8")]);
    expect(decodeText(bytes)).toEqual({ text: "a\nb\n", encoding: "utf-8-bom", lineEnding: "crlf" });
    expect(roundTrip(bytes).equals(bytes)).toBe(true);
  });

  it("reads a byte-order mark over bytes that are not UTF-8 as Windows-1252, so that a save keeps every byte", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("$a='caf", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from("';\n"),
    ]);
    const decoded = decodeText(bytes);
    expect(decoded?.encoding).toBe("windows-1252");
    expect(decoded?.text).toBe("\u00ef\u00bb\u00bf$a='caf\u00e9';\n");
    expect(roundTrip(bytes).equals(bytes)).toBe(true);
  });

  it("reads bytes that are not UTF-8 as Windows-1252, and as Latin-1 when Windows-1252 leaves one undefined", () => {
    const cp1252 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0d, 0x0a]);
    expect(decodeText(cp1252)).toEqual({ text: "café €\n", encoding: "windows-1252", lineEnding: "crlf" });
    expect(roundTrip(cp1252).equals(cp1252)).toBe(true);
    const latin1 = Buffer.from([0x61, 0x81, 0xe9, 0x0a]);
    expect(decodeText(latin1)?.encoding).toBe("iso-8859-1");
    expect(roundTrip(latin1).equals(latin1)).toBe(true);
  });

  it("takes plain ASCII to be in the site's encoding, where the site has one", () => {
    expect(decodeText(Buffer.from("plain\n"))?.encoding).toBe("utf-8");
    expect(decodeText(Buffer.from("plain\n"), "windows-1252")?.encoding).toBe("windows-1252");
    expect(decodeText(Buffer.from("café\n"), "windows-1252")?.encoding).toBe("utf-8");
  });

  it("keeps a lone CR as a character of its line", () => {
    expect(decodeText(Buffer.from("a\rb\n"))).toMatchObject({ text: "a\rb\n", lineEnding: "lf" });
    expect(roundTrip(Buffer.from("a\rb\n")).toString()).toBe("a\rb\n");
    expect(encodeText("a\nb\nc\n", "utf-8", "crlf").toString()).toBe("a\r\nb\r\nc\r\n");
  });

  it("writes back a stray CR before a CRLF, saved unchanged or with an edit elsewhere", () => {
    const bytes = Buffer.from("one\r\r\ntwo\r\n");
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ text: "one\r\ntwo\n", lineEnding: "crlf" });
    expect(roundTrip(bytes).toString()).toBe("one\r\r\ntwo\r\n");
    expect(encodeText(`${decoded?.text ?? ""}three\n`, "utf-8", "crlf").toString()).toBe("one\r\r\ntwo\r\nthree\r\n");
  });

  it("keeps old Mac CR line ends, one line each in the editor", () => {
    const bytes = Buffer.from("one\rtwo\r");
    expect(decodeText(bytes)).toMatchObject({ text: "one\ntwo\n", lineEnding: "cr" });
    expect(roundTrip(bytes).toString()).toBe("one\rtwo\r");
    expect(encodeText("one\ntwo\nthree\n", "utf-8", "cr").toString()).toBe("one\rtwo\rthree\r");
  });

  it("keeps each line's end in a file of LF and CRLF lines, the CRs shown as characters", () => {
    const bytes = Buffer.from("a\r\nb\r\nc\n");
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ text: "a\r\nb\r\nc\n", lineEnding: "mixed" });
    expect(roundTrip(bytes).toString()).toBe("a\r\nb\r\nc\n");
    expect(encodeText(`${decoded?.text ?? ""}d\n`, "utf-8", "mixed").toString()).toBe("a\r\nb\r\nc\nd\n");
  });

  it("refuses a character the file's encoding cannot hold, rather than writing a question mark", async () => {
    expect(await failure(Promise.resolve().then(() => encodeText("日本", "windows-1252", "lf")))).toMatchObject({
      code: "invalid-request",
      message: expect.stringContaining("(“日”)"),
    });
  });

  it("takes a file with NUL bytes for binary", () => {
    expect(isBinary(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBeUndefined();
  });
});

describe("images F3 shows", () => {
  it("knows them by their first bytes, and an SVG by its name and markup", () => {
    expect(imageTypeOf("x.bin", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(imageTypeOf("x", Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(imageTypeOf("x", Buffer.from("GIF89a"))).toBe("image/gif");
    expect(imageTypeOf("x", Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(imageTypeOf("logo.svg", Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("image/svg+xml");
    expect(imageTypeOf("logo.txt", Buffer.from("<svg></svg>"))).toBeUndefined();
    expect(imageTypeOf("photo.png", Buffer.from("not a picture"))).toBeUndefined();
  });
});
