import { describe, expect, it } from "vitest";
import { parseFileMask } from "../shared/file-mask";
import { defaultTransferPreferences } from "../shared/transfer";
import { batchSettingsOf, describeSettings, presetOf, presetSettings, transferPresets } from "./transfer-presets";

const preferences = { ...defaultTransferPreferences, uploadFileMode: "640", preserveTimestamps: false };

describe("transfer presets", () => {
  it("Default shows the queue's settings and sends none, so that a site's own settings still apply", () => {
    const settings = presetSettings("default", preferences);
    expect(settings).toMatchObject({ transferMode: "binary", uploadFileMode: "640", preserveTimestamps: false, mask: "" });
    expect(batchSettingsOf("default", settings)).toBeUndefined();
  });

  it("the others send what they set, and an edited preset is Custom", () => {
    const web = presetSettings("web-upload", preferences);
    expect(batchSettingsOf("web-upload", web)).toEqual({
      transferMode: "auto",
      preserveTimestamps: true,
      uploadFileMode: "644",
      uploadFolderMode: "755",
    });
    expect(presetOf(web, preferences)).toBe("web-upload");
    expect(presetOf({ ...web, uploadFileMode: "600" }, preferences)).toBe("custom");
    expect(presetOf(presetSettings("text", preferences), preferences)).toBe("text");
    // A mask alone keeps the preset: Default still sends nothing, so the site's own settings apply.
    expect(presetOf({ ...presetSettings("default", preferences), mask: "*.php" }, preferences, "default")).toBe("default");
    // Binary chosen stays Binary where the queue's settings happen to be the same.
    const plain = { ...preferences, uploadFileMode: "", preserveTimestamps: true };
    expect(presetOf(presetSettings("binary", plain), plain, "binary")).toBe("binary");
  });

  it("every preset's mask reads", () => {
    for (const preset of transferPresets) expect(parseFileMask(presetSettings(preset, preferences).mask).ok).toBe(true);
  });

  it("says the settings in a line, permissions only for uploads", () => {
    const web = presetSettings("web-upload", preferences);
    expect(describeSettings(web, true)).toBe("Automatic, permissions 644/755, times kept");
    expect(describeSettings(web, false)).toBe("Automatic, times kept");
  });
});
