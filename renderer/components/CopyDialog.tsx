import { useEffect, useRef, useState, type FormEvent } from "react";
import { maxFileMaskLength, parseFileMask } from "../../shared/file-mask";
import { isAbsoluteLocalPath } from "../../shared/local";
import { defaultTransferPreferences, transferModes, unixModePattern } from "../../shared/transfer";
import { formatSize } from "../format";
import {
  batchSettingsOf,
  describeSettings,
  presetLabels,
  presetSettings,
  presetOf,
  transferModeLabels,
  transferPresets,
  type CopySettings,
  type TransferPreset,
} from "../transfer-presets";
import type { PaneDialog } from "../stores/pane-dialog-store";
import { usePanePreferences } from "../stores/pane-preferences-store";
import { usePanesStore } from "../stores/panes-store";
import { useTransferStore } from "../stores/transfer-store";
import { ModalDialog } from "./ModalDialog";

type TransferDialog = Extract<PaneDialog, { kind: "transfer" }>;

/** "2 files and 1 folder, 12 KB": what F5 is about to copy; a folder's contents are not counted until it is walked. */
function describeSelection(dialog: TransferDialog): string {
  const entries = usePanesStore.getState()[dialog.side].entries.filter((entry) => dialog.names.includes(entry.name));
  const folders = entries.filter((entry) => entry.kind === "folder").length;
  const files = entries.length - folders;
  const bytes = entries.reduce((sum, entry) => sum + (entry.kind === "file" ? (entry.size ?? 0) : 0), 0);
  const parts = [
    files > 0 ? `${files.toLocaleString()} ${files === 1 ? "file" : "files"}` : "",
    folders > 0 ? `${folders.toLocaleString()} ${folders === 1 ? "folder" : "folders"}` : "",
  ].filter(Boolean);
  const size = files > 0 ? `, ${formatSize(bytes)}${folders > 0 ? " and what the folders hold" : ""}` : "";
  return `${parts.join(" and ")}${size}`;
}

/**
 * F5 / F6 as in WinSCP: where to copy or move the selection, the other pane's folder filled in, a
 * file mask, and the transfer settings for these files (a preset, or each setting); OK has the
 * focus, so Enter starts it.
 */
export function CopyDialog({ dialog, onClose }: { dialog: TransferDialog; onClose: () => void }) {
  const [target, setTarget] = useState(dialog.targetFolder);
  const preferences = useTransferStore((state) => state.preferences) ?? defaultTransferPreferences;
  const [preset, setPreset] = useState<TransferPreset | "custom">("default");
  const [settings, setSettings] = useState<CopySettings>(() => presetSettings("default", preferences));
  const change = (next: Partial<CopySettings>) => {
    const changed = { ...settings, ...next };
    setSettings(changed);
    setPreset(presetOf(changed, preferences, preset));
  };
  const choosePreset = (chosen: TransferPreset) => {
    setPreset(chosen);
    setSettings(presetSettings(chosen, preferences));
  };
  const ask = usePanePreferences((state) => state.askBeforeTransfer);
  const [dontAsk, setDontAsk] = useState(!ask);
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  const verb = dialog.move ? "Move" : "Copy";
  const toLocal = dialog.side === "remote";
  const upload = !toLocal;
  const folder = target.trim();
  const folderProblem = !folder
    ? "Type the folder to " + verb.toLowerCase() + " to."
    : toLocal && !isAbsoluteLocalPath(folder)
      ? "A local folder must be a full path (start at the root of a disk)."
      : undefined;
  const parsedMask = parseFileMask(settings.mask);
  const maskProblem = parsedMask.ok ? undefined : parsedMask.error;
  const modeProblem = [settings.uploadFileMode, settings.uploadFolderMode].some((mode) => upload && !unixModePattern.test(mode.trim()))
    ? "Permissions are three or four octal digits, as chmod takes them (644, 755), or empty for the server's default."
    : undefined;
  const problem = folderProblem ?? maskProblem ?? modeProblem;
  const named = dialog.names.length === 1 ? `“${dialog.names[0]}”` : `${dialog.names.length.toLocaleString()} items`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problem) return;
    onClose();
    if (dontAsk) usePanePreferences.getState().setAskBeforeTransfer(false);
    void useTransferStore.getState().transfer({
      from: dialog.side,
      names: dialog.names,
      sourceFolder: dialog.sourceFolder,
      targetFolder: folder,
      move: dialog.move,
      mask: settings.mask,
      settings: batchSettingsOf(preset, {
        ...settings,
        uploadFileMode: settings.uploadFileMode.trim(),
        uploadFolderMode: settings.uploadFolderMode.trim(),
      }),
    });
  }

  return (
    <ModalDialog labelledBy="copy-dialog-title" describedBy="copy-dialog-what" className="copy-dialog" onCancel={onClose}>
      <form onSubmit={onSubmit}>
        <h2 id="copy-dialog-title">{verb}</h2>
        <p id="copy-dialog-what">
          {verb} {named} ({describeSelection(dialog)}) {toLocal ? "to the local folder" : "to the server folder"}:
        </p>
        <label>
          Target folder
          <input
            className="mono"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            spellCheck={false}
            aria-invalid={folderProblem !== undefined}
          />
        </label>
        {folderProblem ? <p className="field-help field-error">{folderProblem}</p> : null}
        <label>
          File mask
          <input
            className="mono"
            value={settings.mask}
            onChange={(e) => change({ mask: e.target.value })}
            placeholder="all files; for example *.php; *.css | cache/"
            maxLength={maxFileMaskLength}
            spellCheck={false}
            aria-invalid={maskProblem !== undefined}
          />
        </label>
        {maskProblem ? <p className="field-help field-error">{maskProblem}</p> : null}
        <details className="transfer-settings">
          <summary>
            Transfer settings: {presetLabels[preset]} <span className="muted">({describeSettings(settings, upload)})</span>
          </summary>
          <label className="inline-field">
            Preset
            <select value={preset} onChange={(e) => choosePreset(e.target.value as TransferPreset)}>
              {transferPresets.map((name) => (
                <option key={name} value={name}>
                  {presetLabels[name]}
                </option>
              ))}
              {preset === "custom" ? <option value="custom">{presetLabels.custom}</option> : null}
            </select>
          </label>
          <fieldset className="radio-row">
            <legend>Transfer mode</legend>
            {transferModes.map((mode) => (
              <label key={mode} className="checkbox">
                <input
                  type="radio"
                  name="transfer-mode"
                  checked={settings.transferMode === mode}
                  onChange={() => change({ transferMode: mode })}
                />
                {transferModeLabels[mode]}
              </label>
            ))}
          </fieldset>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.preserveTimestamps}
              onChange={(e) => change({ preserveTimestamps: e.target.checked })}
            />
            Keep modification times
          </label>
          {upload ? (
            <div className="form-row">
              {(
                [
                  ["uploadFileMode", "Permissions of files"],
                  ["uploadFolderMode", "of new folders"],
                ] as const
              ).map(([key, label]) => (
                <label key={key} className="inline-field">
                  {label}
                  <input
                    value={settings[key]}
                    onChange={(e) => change({ [key]: e.target.value })}
                    size={5}
                    inputMode="numeric"
                    placeholder="default"
                  />
                </label>
              ))}
            </div>
          ) : null}
          {modeProblem ? <p className="field-help field-error">{modeProblem}</p> : null}
        </details>
        <label className="checkbox">
          <input type="checkbox" checked={dontAsk} onChange={(e) => setDontAsk(e.target.checked)} />
          Don’t ask again (F5 and F6 start at once; Shift+F5 and Shift+F6 still ask)
        </label>
        <div className="dialog-buttons">
          <button ref={ok} type="submit" disabled={problem !== undefined}>
            OK
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
