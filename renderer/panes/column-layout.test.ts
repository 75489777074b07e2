import { describe, expect, it } from "vitest";
import { columnGap, gridMinWidth, gridTemplate, minNameWidth, parseWidths, rowPadding } from "./column-layout";

describe("the column template the header and every row share", () => {
  it("lets Name fill the room until it is sized, the others at their widths", () => {
    expect(gridTemplate(["size", "modified"], {})).toBe(`minmax(${minNameWidth}px, 1fr) 70px 150px`);
    expect(gridTemplate(["size", "modified"], { name: 300, size: 120 })).toBe("300px 120px 150px");
  });

  it("is never narrower than its columns, so a row scrolls rather than squeezes", () => {
    expect(gridMinWidth(["size"], { name: 300 })).toBe(300 + 70 + columnGap + 2 * rowPadding);
    expect(gridMinWidth([], {})).toBe(minNameWidth + 2 * rowPadding);
  });

  it("keeps only sound widths from storage, within bounds", () => {
    expect(parseWidths({ name: 250, size: 5, type: "wide", owner: Infinity, modified: 99_999 })).toEqual({
      name: 250,
      size: 40,
      modified: 2000,
    });
    expect(parseWidths("damaged")).toEqual({});
    expect(parseWidths(null)).toEqual({});
  });
});
