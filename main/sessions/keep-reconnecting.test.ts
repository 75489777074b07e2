import { describe, expect, it } from "vitest";
import { reconnectPauseMs, shouldTryAgain } from "./keep-reconnecting";

describe("reconnecting with back-off", () => {
  it("pauses 1, 2, 4, 8 s, then 15 s between tries", () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => reconnectPauseMs(attempt))).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it("tries again only while the next try starts within the time allowed, and never after a refused login or certificate", () => {
    expect(shouldTryAgain("connection-refused", 1, 0, 60_000)).toBe(true);
    expect(shouldTryAgain("timeout", 5, 50_000, 60_000)).toBe(false);
    expect(shouldTryAgain("connection-lost", 1, 0, 0)).toBe(false);
    expect(shouldTryAgain("auth-failed", 1, 0, 60_000)).toBe(false);
    expect(shouldTryAgain("certificate-rejected", 1, 0, 60_000)).toBe(false);
  });
});
