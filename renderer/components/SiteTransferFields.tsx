import { transferModes, unixModePattern, type TransferMode, type TransferOverrides } from "../../shared/transfer";
import { transferModeLabels } from "../transfer-presets";
import { SelectField } from "./SelectFields";

type Choice = "default" | "on" | "off";
const choiceOptions = [
  { value: "default", label: "As in the queue's settings" },
  { value: "on", label: "On" },
  { value: "off", label: "Off" },
] as const;
const choiceOf = (value: boolean | undefined): Choice => (value === undefined ? "default" : value ? "on" : "off");
const valueOf = (choice: Choice): boolean | undefined => (choice === "default" ? undefined : choice === "on");

/** Permissions typed for a site: empty (the queue's settings apply) or octal as chmod takes it. */
export function transferOverridesValid(overrides: TransferOverrides): boolean {
  return [overrides.uploadFileMode, overrides.uploadFolderMode].every(
    (mode) => mode === undefined || (mode !== "" && unixModePattern.test(mode)),
  );
}

const modeOptions = [
  { value: "default", label: "As in the queue's settings" },
  ...transferModes.map((mode) => ({ value: mode, label: transferModeLabels[mode] })),
] as const;

/** Only what the site sets: an unset field is left out, so that the queue's settings apply to it. */
function setOnly(overrides: TransferOverrides): TransferOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}

/**
 * A site's own transfer settings (WinSCP keeps them per site): the permissions uploads set, checksums,
 * modification times, whether the server's refusal of those two fails an upload, the transfer mode,
 * compression, and speed limits its transfers share apart from the queue's. What is left empty or
 * "As in the queue's settings" follows the queue.
 */
export function SiteTransferFields({ value, onChange }: { value: TransferOverrides; onChange(next: TransferOverrides): void }) {
  const set = (change: TransferOverrides) => onChange(setOnly({ ...value, ...change }));
  const modeField = (key: "uploadFileMode" | "uploadFolderMode", label: string) => {
    const mode = value[key] ?? "";
    return (
      <label>
        {label}
        <input
          value={mode}
          onChange={(e) => set({ [key]: e.target.value.trim() || undefined })}
          inputMode="numeric"
          size={5}
          placeholder="default"
          aria-invalid={mode !== "" && !unixModePattern.test(mode)}
          title="Octal, as chmod takes it (644, 755); empty: as in the queue's settings"
        />
      </label>
    );
  };
  const limitField = (key: "downloadLimit" | "uploadLimit", label: string) => (
    <label>
      {label}
      <input
        value={value[key] ?? ""}
        // Digits only: what is typed is the limit, never text the site could not save.
        onChange={(e) => {
          if (/^\d{0,7}$/.test(e.target.value)) set({ [key]: e.target.value === "" ? undefined : Number(e.target.value) });
        }}
        inputMode="numeric"
        size={9}
        placeholder="as queue"
        title="KB/s that this site's transfers of this direction share; 0: no limit for this site; empty: as in the queue's settings"
      />
    </label>
  );
  const choiceField = (key: "verifyChecksums" | "preserveTimestamps" | "ignorePermissionErrors", label: string) => (
    <SelectField
      label={label}
      value={choiceOf(value[key])}
      options={choiceOptions}
      onChange={(choice) => set({ [key]: valueOf(choice) })}
    />
  );
  return (
    <>
      <div className="form-row">
        {modeField("uploadFileMode", "Permissions of uploaded files")}
        {modeField("uploadFolderMode", "Permissions of new folders")}
        {choiceField("ignorePermissionErrors", "Ignore permission errors")}
      </div>
      <div className="form-row">
        {choiceField("verifyChecksums", "Verify checksums")}
        {choiceField("preserveTimestamps", "Keep modification times")}
      </div>
      <div className="form-row">
        <SelectField
          label="Transfer mode"
          value={value.transferMode ?? "default"}
          options={modeOptions}
          onChange={(mode: TransferMode | "default") => set({ transferMode: mode === "default" ? undefined : mode })}
        />
        <SelectField
          label="Compress transfers"
          value={choiceOf(value.compression)}
          options={choiceOptions}
          onChange={(choice) => set({ compression: valueOf(choice) })}
        />
      </div>
      <div className="form-row">
        {limitField("downloadLimit", "Download limit (KB/s, 0 = none)")}
        {limitField("uploadLimit", "Upload limit (KB/s, 0 = none)")}
      </div>
    </>
  );
}
