import { describe, expect, it } from "vitest";
import { formatUtcOffset, utcOffsetChoices } from "./server-time-zone";

describe("formatUtcOffset", () => {
  it("names an offset as UTC±hh:mm, and none as UTC", () => {
    expect(formatUtcOffset(540)).toBe("UTC+09:00");
    expect(formatUtcOffset(-210)).toBe("UTC−03:30");
    expect(formatUtcOffset(345)).toBe("UTC+05:45");
    expect(formatUtcOffset(0)).toBe("UTC");
  });

  it("offers every quarter hour from UTC−12:00 to UTC+14:00", () => {
    expect(utcOffsetChoices[0]).toBe(-720);
    expect(utcOffsetChoices.at(-1)).toBe(840);
    expect(utcOffsetChoices).toContain(345);
    expect(utcOffsetChoices).toHaveLength(105);
  });
});
