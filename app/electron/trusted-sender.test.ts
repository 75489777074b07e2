import { describe, expect, it } from "vitest";
import { isTrustedSender } from "./trusted-sender";

const renderer = "file:///opt/Ferry/resources/app.asar/dist/renderer/index.html";

describe("isTrustedSender", () => {
  it("accepts the top frame of Ferry's window showing the renderer", () => {
    expect(isTrustedSender({ frameUrl: renderer, isMainFrame: true, isAppWindow: true }, renderer)).toBe(true);
    expect(isTrustedSender({ frameUrl: `${renderer}#pane`, isMainFrame: true, isAppWindow: true }, renderer)).toBe(true);
  });

  it("refuses frames, other windows, other pages and destroyed frames", () => {
    expect(isTrustedSender({ frameUrl: renderer, isMainFrame: false, isAppWindow: true }, renderer)).toBe(false);
    expect(isTrustedSender({ frameUrl: renderer, isMainFrame: true, isAppWindow: false }, renderer)).toBe(false);
    expect(isTrustedSender({ frameUrl: "https://evil.example/", isMainFrame: true, isAppWindow: true }, renderer)).toBe(false);
    expect(isTrustedSender({ frameUrl: `${renderer}?x=1`, isMainFrame: true, isAppWindow: true }, renderer)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, isAppWindow: true }, renderer)).toBe(false);
  });
});
