import { describe, expect, it } from "vitest";
import { parseListDate } from "./parse-list-date";
import { isSafeName } from "../../shared/files";

describe("isSafeName", () => {
  it("accepts ordinary names, spaces, unicode and leading dots", () => {
    for (const name of ["index.html", "notes 2024.md", "Über ñ.txt", ".htaccess", "...", "a b"]) expect(isSafeName(name), name).toBe(true);
  });
  it("rejects names that climb out, contain separators, NUL or line breaks", () => {
    for (const name of ["", ".", "..", "../etc", "a/b", "/", "a\\b", "nul\0", "evil\r\nDELE x", "line\nbreak"])
      expect(isSafeName(name), JSON.stringify(name)).toBe(false);
  });
});

describe("parseListDate", () => {
  const now = new Date(Date.UTC(2026, 10, 23, 12, 0));
  it("reads dates with a year", () => {
    expect(parseListDate("Nov 23  2025", now)).toBe(Date.UTC(2025, 10, 23));
  });
  it("puts dates without a year in the last twelve months", () => {
    expect(parseListDate("Nov 23 09:15", now)).toBe(Date.UTC(2026, 10, 23, 9, 15));
    expect(parseListDate("Dec 24 18:00", now)).toBe(Date.UTC(2025, 11, 24, 18, 0));
  });
  it("gives up on text it does not know", () => {
    expect(parseListDate("yesterday", now)).toBeUndefined();
    expect(parseListDate("Foo 12 2020", now)).toBeUndefined();
  });
});
