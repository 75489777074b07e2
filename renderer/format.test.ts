import { describe, expect, it } from "vitest";
import { formatBytes, formatDate, formatDateWithSeconds, formatSize } from "./format";

describe("sizes", () => {
  it("are in decimal units, one decimal below ten", () => {
    expect(formatSize(0)).toBe("0 B");
    expect(formatSize(999)).toBe("999 B");
    expect(formatSize(1_536)).toBe("1.5 KB");
    expect(formatSize(18_000)).toBe("18 KB");
    expect(formatSize(200_000)).toBe("200 KB");
    expect(formatSize(67_108_864)).toBe("67 MB");
    expect(formatSize(4_300_000_000)).toBe("4.3 GB");
  });

  it("move up a unit rather than show 1000 of one", () => {
    expect(formatSize(999_999)).toBe("1.0 MB");
    expect(formatSize(999_499)).toBe("999 KB");
  });

  it("give the exact count for hovers", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(67_108_864)).toBe(`${(67_108_864).toLocaleString()} bytes`);
  });
});

describe("dates", () => {
  const at = new Date(2026, 0, 2, 3, 4, 5).getTime();

  it("have a four-digit year, and the seconds only on hover", () => {
    expect(formatDate(at)).toContain("2026");
    expect(formatDate(at)).not.toMatch(/05(?!\d)/);
    expect(formatDateWithSeconds(at)).toContain("2026");
    expect(formatDateWithSeconds(at)).toMatch(/05/);
  });

  it("are blank where the listing gave none", () => {
    expect(formatDate(undefined)).toBe("");
    expect(formatDateWithSeconds(undefined)).toBeUndefined();
  });
});
