/**
 * How a server encodes file names on its control connection (FileZilla's "Character set",
 * WinSCP's "UTF-8 encoding for file names"). FTP sends names as bytes: modern servers use UTF-8
 * (RFC 2640, announced by `UTF8` in FEAT), old ones whatever their disk holds, often a Windows
 * or ISO code page.
 *
 * A name whose bytes the encoding cannot read keeps them: each byte that does not decode becomes
 * the lone surrogate U+DC00 + byte (as Python's "surrogateescape", PEP 383). The name then still
 * names the file exactly when it comes back in a command (download, rename, delete), in any path
 * built from it, and the pane can show it with a marker. No decoded text ever holds a lone
 * surrogate, so the two cannot be confused.
 */
import { z } from "zod";

/** The encodings a site can name, by iconv-lite's names; "utf8" and "latin1" are the two sites were saved with before. */
export const fixedEncodings = [
  "utf8",
  "latin1",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "iso-8859-2",
  "iso-8859-5",
  "iso-8859-15",
  "koi8-r",
  "shift_jis",
  "euc-jp",
  "gbk",
  "gb18030",
  "big5",
  "euc-kr",
] as const;
export const FixedEncodingSchema = z.enum(fixedEncodings);
export type FixedEncoding = z.infer<typeof FixedEncodingSchema>;

/** "auto": UTF-8 when the server lists `UTF8` in FEAT (and Ferry sends `OPTS UTF8 ON`), else the site's fallback. */
export const ServerEncodingSchema = z.enum(["auto", ...fixedEncodings]);
export type ServerEncoding = z.infer<typeof ServerEncodingSchema>;

/** As the site form and the session log name them: the script, then the standard's own name. */
export const encodingLabels: Record<FixedEncoding, string> = {
  utf8: "UTF-8",
  latin1: "Western European (ISO-8859-1, Latin-1)",
  "windows-1250": "Central European (Windows-1250)",
  "windows-1251": "Cyrillic (Windows-1251)",
  "windows-1252": "Western European (Windows-1252)",
  "iso-8859-2": "Central European (ISO-8859-2)",
  "iso-8859-5": "Cyrillic (ISO-8859-5)",
  "iso-8859-15": "Western European (ISO-8859-15)",
  "koi8-r": "Cyrillic (KOI8-R)",
  shift_jis: "Japanese (Shift_JIS)",
  "euc-jp": "Japanese (EUC-JP)",
  gbk: "Simplified Chinese (GBK)",
  gb18030: "Simplified Chinese (GB18030)",
  big5: "Traditional Chinese (Big5)",
  "euc-kr": "Korean (EUC-KR)",
};

/** A byte kept undecoded: U+DC80–U+DCFF alone, which no decoder produces ("u": not the second half of a pair, as in 💀). */
const keptByte = /[\udc80-\udcff]/u;
const keptBytes = /[\udc80-\udcff]/gu;

/** Whether a name (or path) from the server holds bytes its encoding could not read. */
export function hasUndecodableBytes(name: string): boolean {
  return keptByte.test(name);
}

/** The name as a person reads it: each byte that did not decode shows as the replacement character. */
export function readableName(name: string): string {
  return name.replace(keptBytes, "\ufffd");
}

/** Other names of the same encodings, as other programs write them, squeezed to letters and digits. */
const aliases: Record<string, FixedEncoding> = {
  iso88591: "latin1",
  l1: "latin1",
  cp1250: "windows-1250",
  cp1251: "windows-1251",
  cp1252: "windows-1252",
  latin2: "iso-8859-2",
  latin9: "iso-8859-15",
  sjis: "shift_jis",
  gb2312: "gbk",
  cp936: "gbk",
  cp950: "big5",
};

/** An encoding as another program names it (FileZilla's custom character set: "ISO-8859-1", "CP1251", "Shift_JIS"), if Ferry has it. */
export function encodingNamed(name: string): FixedEncoding | undefined {
  const squeezed = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return fixedEncodings.find((encoding) => encoding.replace(/[^a-z0-9]/g, "") === squeezed) ?? aliases[squeezed];
}
