import { describe, expect, it } from "vitest";
import { letsUnload, unloadQuestion } from "./unload-question";

describe("the question before unsaved edits are dropped", () => {
  it("asks whether to quit, with Cancel chosen by Enter and by Escape", () => {
    const question = unloadQuestion("quit");
    expect(question.message).toBe("Ferry has unsaved edits. Quit anyway?");
    expect(question.buttons).toEqual(["Quit", "Cancel"]);
    expect(question.buttons[question.defaultId]).toBe("Cancel");
    expect(question.buttons[question.cancelId]).toBe("Cancel");
    expect(letsUnload(question.defaultId)).toBe(false);
    expect(letsUnload(question.cancelId)).toBe(false);
    expect(letsUnload(question.buttons.indexOf("Quit"))).toBe(true);
  });

  it("names a reload as a reload, not as quitting", () => {
    const question = unloadQuestion("reload");
    expect(question.message).toBe("Ferry has unsaved edits. Reload anyway?");
    expect(question.detail).toContain("Reloading discards the changes made in Ferry");
    expect(letsUnload(question.buttons.indexOf("Reload"))).toBe(true);
    expect(letsUnload(question.buttons.indexOf("Cancel"))).toBe(false);
  });
});
