import { describe, expect, it } from "vitest";
import { SpeedMeter } from "./speed-meter";

describe("the speed meter", () => {
  it("says nothing until a quarter second has passed, then gives bytes per second", () => {
    const meter = new SpeedMeter();
    expect(meter.sample("a", 0, 1000)).toBeUndefined();
    expect(meter.sample("a", 50_000, 1100)).toBeUndefined();
    expect(meter.sample("a", 250_000, 1250)).toBe(1_000_000);
  });

  it("smooths a sudden change, so the figure does not jump", () => {
    const meter = new SpeedMeter();
    meter.sample("a", 0, 0);
    expect(meter.sample("a", 250_000, 250)).toBe(1_000_000);
    // The next quarter second brings nothing: 70 % of the old figure remains.
    expect(meter.sample("a", 250_000, 500)).toBe(700_000);
  });

  it("measures each job on its own, and a forgotten job starts afresh", () => {
    const meter = new SpeedMeter();
    meter.sample("a", 0, 0);
    meter.sample("b", 0, 0);
    expect(meter.sample("a", 500_000, 500)).toBe(1_000_000);
    expect(meter.sample("b", 100_000, 500)).toBe(200_000);
    meter.forget("a");
    expect(meter.sample("a", 900_000, 600)).toBeUndefined();
    expect(meter.sample("a", 1_000_000, 1100)).toBe(200_000);
  });

  it("never reports a negative speed when a resumed job starts below its last count", () => {
    const meter = new SpeedMeter();
    meter.sample("a", 500_000, 0);
    expect(meter.sample("a", 100_000, 500)).toBe(0);
  });
});
