/**
 * The Copy dialog's transfer settings and their named presets, as WinSCP's "Transfer settings"
 * offers them: pure, so that the dialog only shows them.
 */
import type { BatchSettings, TransferMode, TransferPreferences } from "../shared/transfer";

export interface CopySettings {
  transferMode: TransferMode;
  preserveTimestamps: boolean;
  uploadFileMode: string;
  uploadFolderMode: string;
  /** The file mask; empty takes everything. */
  mask: string;
}

export const transferPresets = ["default", "binary", "text", "web-upload"] as const;
export type TransferPreset = (typeof transferPresets)[number];

export const presetLabels: Record<TransferPreset | "custom", string> = {
  default: "Default",
  binary: "Binary",
  text: "Text",
  "web-upload": "Web upload",
  custom: "Custom",
};

export const transferModeLabels: Record<TransferMode, string> = { binary: "Binary", text: "Text", auto: "Automatic" };

/** What a web upload leaves behind: version control, packages, backups and the desktop's droppings. */
const webUploadExcludes = "| .git/; .svn/; .hg/; node_modules/; *.tmp; *.bak; *~; .DS_Store; Thumbs.db";

/** The settings of a preset; "Default" is what the queue's settings say (and a site's own, which main applies). */
export function presetSettings(preset: TransferPreset, preferences: TransferPreferences): CopySettings {
  const plain = { preserveTimestamps: true, uploadFileMode: "", uploadFolderMode: "", mask: "" };
  switch (preset) {
    case "default":
      return {
        transferMode: preferences.transferMode,
        preserveTimestamps: preferences.preserveTimestamps,
        uploadFileMode: preferences.uploadFileMode,
        uploadFolderMode: preferences.uploadFolderMode,
        mask: "",
      };
    case "binary":
      return { ...plain, transferMode: "binary" };
    case "text":
      return { ...plain, transferMode: "text" };
    case "web-upload":
      return { transferMode: "auto", preserveTimestamps: true, uploadFileMode: "644", uploadFolderMode: "755", mask: webUploadExcludes };
  }
}

/** The mask is not part of what a preset is: typing one keeps "Default" (and the site's own settings). */
const same = (a: CopySettings, b: CopySettings) =>
  a.transferMode === b.transferMode &&
  a.preserveTimestamps === b.preserveTimestamps &&
  a.uploadFileMode === b.uploadFileMode &&
  a.uploadFolderMode === b.uploadFolderMode;

/** The preset these settings are: the one chosen while they still agree with it, else the first that does, else "custom". */
export function presetOf(
  settings: CopySettings,
  preferences: TransferPreferences,
  chosen?: TransferPreset | "custom",
): TransferPreset | "custom" {
  if (chosen && chosen !== "custom" && same(settings, presetSettings(chosen, preferences))) return chosen;
  return transferPresets.find((preset) => same(settings, presetSettings(preset, preferences))) ?? "custom";
}

/** What the batch carries over the site's and the preferences: nothing for "Default", so that a site's own settings still apply. */
export function batchSettingsOf(preset: TransferPreset | "custom", settings: CopySettings): BatchSettings | undefined {
  if (preset === "default") return undefined;
  const { transferMode, preserveTimestamps, uploadFileMode, uploadFolderMode } = settings;
  return { transferMode, preserveTimestamps, uploadFileMode, uploadFolderMode };
}

/** "Automatic, permissions 644/755, times not kept": the settings in a line, for the dialog's collapsed section. */
export function describeSettings(settings: CopySettings, upload: boolean): string {
  const parts: string[] = [transferModeLabels[settings.transferMode]];
  if (upload && (settings.uploadFileMode || settings.uploadFolderMode))
    parts.push(`permissions ${settings.uploadFileMode || "default"}/${settings.uploadFolderMode || "default"}`);
  parts.push(settings.preserveTimestamps ? "times kept" : "times not kept");
  return parts.join(", ");
}
