import { describe, expect, it } from "vitest";
import { chordOf, commandForKey, keyClashes, keymap, type KeyCommand } from "./keymap";

const press = (key: string, options: { code?: string; ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}) =>
  chordOf({
    key,
    code: options.code ?? "",
    ctrlKey: options.ctrl ?? false,
    altKey: options.alt ?? false,
    shiftKey: options.shift ?? false,
    metaKey: options.meta ?? false,
  });

describe("the keymap", () => {
  it("binds no key twice where it is pressed (a pane also sees the window's keys)", () => {
    expect(keyClashes(keymap)).toEqual([]);
  });

  it("would say so if two commands shared a key", () => {
    const clash: KeyCommand[] = [
      { id: "pane.refresh", label: "Refresh", keys: ["Ctrl+R"], scope: "pane", run: () => undefined },
      { id: "app.reload", label: "Reload", keys: ["Ctrl+R"], scope: "app", run: () => undefined },
    ];
    expect(keyClashes(clash)).toEqual(["Ctrl+R in pane: pane.refresh, app.reload"]);
  });

  it("names each command once", () => {
    const ids = keymap.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps WinSCP Commander's keys", () => {
    const bound = (scope: "app" | "pane", chord: string) => commandForKey(scope, chord)?.id;
    expect(bound("app", "F5")).toBe("transfers.copy");
    expect(bound("app", "F6")).toBe("transfers.move");
    expect(bound("app", "Shift+F5")).toBe("transfers.copy-ask");
    expect(bound("app", "Shift+F6")).toBe("transfers.move-ask");
    expect(bound("app", "Ctrl+S")).toBe("sites.show");
    expect(bound("app", "Ctrl+Alt+H")).toBe("panes.toggle-hidden");
    const pane: Record<string, string> = {
      Enter: "pane.open",
      Backspace: "pane.up",
      Tab: "pane.other",
      F2: "pane.rename",
      F7: "pane.mkdir",
      "Shift+F4": "pane.new-file",
      F8: "pane.delete",
      Delete: "pane.delete",
      F9: "pane.properties",
      Insert: "pane.toggle-mark",
      Space: "pane.toggle-mark",
      "Ctrl+R": "pane.refresh",
      "Ctrl+L": "pane.type-path",
      "Ctrl+F": "pane.filter",
      "Ctrl+B": "pane.bookmark",
      "Ctrl+A": "pane.mark-all",
      "Ctrl+\\": "pane.root",
      "Alt+ArrowLeft": "pane.back",
      "Alt+ArrowRight": "pane.forward",
      "Shift+F10": "pane.menu",
      "Num+": "pane.mark-mask",
      "Num-": "pane.unmark-mask",
      "Num*": "pane.invert-marks",
      "Ctrl+F6": "pane.sort-size",
      "Shift+ArrowDown": "pane.extend-ArrowDown",
      End: "pane.cursor-End",
    };
    for (const [chord, id] of Object.entries(pane)) expect(bound("pane", chord), chord).toBe(id);
  });

  it("switches tabs with Ctrl+Tab and Ctrl+PageDown, as browsers and WinSCP do, from anywhere in the window", () => {
    const bound = (chord: string) => commandForKey("app", chord)?.id;
    expect(bound(press("Tab", { ctrl: true }))).toBe("tabs.next");
    expect(bound(press("PageDown", { ctrl: true }))).toBe("tabs.next");
    expect(bound(press("Tab", { ctrl: true, shift: true }))).toBe("tabs.previous");
    expect(bound(press("PageUp", { ctrl: true }))).toBe("tabs.previous");
    expect(bound(press("q", { alt: true }))).toBe("queue.focus");
    expect(bound(press("l", { alt: true }))).toBe("log.focus");
    // Tab alone stays the pane's: it goes to the other pane.
    expect(commandForKey("pane", press("Tab"))?.id).toBe("pane.other");
  });
});

describe("a key press", () => {
  it("is written as the keymap writes keys", () => {
    expect(press("h", { ctrl: true, alt: true })).toBe("Ctrl+Alt+H");
    expect(press("F4", { shift: true })).toBe("Shift+F4");
    expect(press(" ")).toBe("Space");
    expect(press("r", { meta: true })).toBe("Ctrl+R");
    expect(press("\\", { ctrl: true })).toBe("Ctrl+\\");
  });

  it("on the numpad is Num+, not the + typed for a name", () => {
    expect(press("+", { code: "NumpadAdd" })).toBe("Num+");
    expect(press("+", { code: "Equal", shift: true })).toBe("Shift++");
  });
});
