import { describe, expect, it } from "vitest";
import { encodingNamed, fixedEncodings, hasUndecodableBytes, readableName } from "../../shared/server-encoding";
import { failure } from "../../test-support/test-helpers";
import { NameCodec, nameEncodingFor } from "./name-codec";

const bytes = (...values: number[]) => Buffer.from(values);

/** One name per encoding, in its own script, as an old server in that country keeps it. */
const samples: Record<(typeof fixedEncodings)[number], string> = {
  utf8: "Grüße 你好 😀💀.txt",
  latin1: "Café Ñandú.txt",
  "windows-1250": "Žluťoučký kůň.txt",
  "windows-1251": "Привет мир.txt",
  "windows-1252": "Œuvre “quoted” €.txt",
  "iso-8859-2": "Łódź.txt",
  "iso-8859-5": "Добрый день.txt",
  "iso-8859-15": "Prix en €.txt",
  "koi8-r": "Отчёт.txt",
  shift_jis: "日本語のファイル.txt",
  "euc-jp": "日本語のファイル.txt",
  gbk: "中文文件.txt",
  gb18030: "中文文件𠀀.txt",
  big5: "繁體中文.txt",
  "euc-kr": "한국어 파일.txt",
};

describe("file names in a server's encoding", () => {
  it.each(fixedEncodings)("%s: a name reads as its text and writes back as the same bytes", (encoding) => {
    const codec = new NameCodec(encoding);
    const encoded = codec.encode(samples[encoding]);
    expect(encoded.every((byte) => byte < 0x80)).toBe(false);
    expect(codec.decode(encoded)).toBe(samples[encoding]);
    expect(codec.encode(codec.decode(encoded))).toEqual(encoded);
  });

  it("keeps the bytes of a name that does not decode, marks it, and writes the same bytes back", () => {
    // "あ" in Shift_JIS is no UTF-8; 0x98 is the one byte Windows-1251 leaves undefined.
    for (const [encoding, raw] of [
      ["utf8", bytes(0x82, 0xa0, 0x2e, 0x74, 0x78, 0x74)],
      ["windows-1251", bytes(0xcf, 0x98, 0x2e, 0x74, 0x78, 0x74)],
      ["shift_jis", bytes(0x82, 0xff)],
    ] as const) {
      const codec = new NameCodec(encoding);
      const name = codec.decode(raw);
      expect(hasUndecodableBytes(name)).toBe(true);
      expect(codec.encode(name)).toEqual(raw);
    }
    const name = new NameCodec("utf8").decode(bytes(0x82, 0xa0, 0x2e, 0x74, 0x78, 0x74));
    expect(readableName(name)).toBe("\ufffd\ufffd.txt");
    expect(hasUndecodableBytes("Привет.txt")).toBe(false);
    // U+1F480 is the pair D83D DC80: its second half is no kept byte.
    expect(hasUndecodableBytes("💀.txt")).toBe(false);
    expect(new NameCodec("utf8").encode("💀")).toEqual(Buffer.from("💀"));
  });

  it("puts kept bytes and new text together in a command: a path below an undecodable folder, a rename that keeps part of the name", () => {
    const codec = new NameCodec("windows-1251");
    const folder = codec.decode(bytes(0xcf, 0x98));
    expect(codec.encode(`RNTO /${folder}/Новый.txt`)).toEqual(
      Buffer.concat([Buffer.from("RNTO /"), bytes(0xcf, 0x98), Buffer.from("/"), bytes(0xcd, 0xee, 0xe2, 0xfb, 0xe9), Buffer.from(".txt")]),
    );
  });

  it("reads a reply between its slashes, so that only the folder that does not decode keeps its bytes", () => {
    const codec = new NameCodec("windows-1251");
    const reply = Buffer.concat([
      Buffer.from('257 "/'),
      bytes(0xcf, 0xe0, 0xef, 0xea, 0xe0),
      Buffer.from("/"),
      bytes(0xcf, 0x98),
      Buffer.from('" is the current directory\r\n'),
    ]);
    const text = codec.decodeLine(reply);
    expect(text).toBe('257 "/Папка/\udccf\udc98" is the current directory\r\n');
    expect(codec.encode(text)).toEqual(reply);
  });

  it("refuses a character the encoding cannot hold with a sentence, instead of sending a question mark", async () => {
    const codec = new NameCodec("windows-1251");
    const error = await failure(Promise.resolve().then(() => codec.encode("STOR /漢字.txt")));
    expect(error.message).toBe(
      "The server's file names are in Cyrillic (Windows-1251), which has no “漢”: choose a name without it, or another encoding for file names in the site's settings.",
    );
    expect(() => new NameCodec("latin1").encode("STOR \ufffd.txt")).toThrow("no “\ufffd”");
    expect(new NameCodec("utf8").encode("STOR \ufffd.txt")).toEqual(Buffer.from("STOR \ufffd.txt"));
  });

  it("Auto: UTF-8 when FEAT lists UTF8, the site's fallback when it does not, UTF-8 for the login before FEAT", () => {
    const feat = (...names: string[]) => new Map(names.map((name) => [name, ""]));
    const auto = { encoding: "auto", fallbackEncoding: "windows-1251" } as const;
    expect(nameEncodingFor(auto, feat("MLST", "UTF8"))).toBe("utf8");
    expect(nameEncodingFor(auto, feat("MLST"))).toBe("windows-1251");
    expect(nameEncodingFor(auto)).toBe("utf8");
    expect(nameEncodingFor({}, feat("MLST"))).toBe("utf8");
    expect(nameEncodingFor({ encoding: "shift_jis" }, feat("UTF8"))).toBe("shift_jis");
  });

  it("knows the encodings by the names other programs give them", () => {
    expect(["ISO-8859-1", "CP1251", "Shift_JIS", "SJIS", "utf-8", "KOI8-R", "GB2312", "EUC-KR"].map(encodingNamed)).toEqual([
      "latin1",
      "windows-1251",
      "shift_jis",
      "shift_jis",
      "utf8",
      "koi8-r",
      "gbk",
      "euc-kr",
    ]);
    expect(encodingNamed("EBCDIC-US")).toBeUndefined();
  });
});
