import { parseFileMask } from "../../shared/file-mask";
import { overwriteActions, transferModes, unixModePattern, type OverwriteAction, type TransferPreferences } from "../../shared/transfer";
import { transferModeLabels } from "../transfer-presets";
import { ActiveModeSettings } from "./ActiveModeSettings";
import { PopoverMenu } from "./PopoverMenu";
import { PreferenceField } from "./PreferenceField";

export const overwriteActionLabels: Record<OverwriteAction, string> = {
  overwrite: "Overwrite",
  "overwrite-if-newer": "Overwrite if newer",
  "overwrite-if-size-differs": "Overwrite if size differs",
  "overwrite-if-size-differs-or-newer": "Overwrite if size differs or newer",
  resume: "Resume",
  rename: "Rename",
  skip: "Skip",
};

const whenDoneLabels: Record<TransferPreferences["whenQueueDone"], string> = {
  nothing: "Do nothing",
  notify: "Notify me",
  disconnect: "Disconnect",
};

const atOnceChoices = Array.from({ length: 10 }, (_, i) => i + 1);

/** The preferences that are on or off. */
type Switch = { [K in keyof TransferPreferences]: TransferPreferences[K] extends boolean ? K : never }[keyof TransferPreferences];

/** The files group's checkboxes, in the order shown. */
const fileSwitches: { key: Switch; label: string; title: string }[] = [
  {
    key: "compression",
    label: "Compress transfers",
    title: "zlib on the data connection (MODE Z) where the server offers it: fewer bytes on a slow link, more CPU",
  },
  {
    key: "verifyChecksums",
    label: "Verify checksums",
    title: "Each transfer is compared with the server's checksum of the file (HASH, XSHA256…) where the server offers one",
  },
  {
    key: "preserveTimestamps",
    label: "Keep modification times",
    title: "Downloads, uploads (where the server has MFMT) and copies get the source's modification time",
  },
  {
    key: "ignorePermissionErrors",
    label: "Ignore permission errors",
    title: "An upload whose permissions (SITE CHMOD) or modification time (MFMT) the server refuses is done with a note; off, it fails",
  },
  {
    key: "followLinksOutOfTree",
    label: "Follow links out of folders",
    title: "Uploads follow links that lead outside the chosen folders; off, each such link is skipped with its reason",
  },
];

/** The queue's Settings: how many at once, existing targets, when done, speed limits, permissions and times, links. */
export function QueueSettings({ preferences, set }: { preferences: TransferPreferences; set(change: Partial<TransferPreferences>): void }) {
  return (
    <PopoverMenu label="Queue settings" title="Transfer settings" face="Settings ▾" className="queue-settings-button">
      {() => (
        <div className="queue-preferences">
          <fieldset className="queue-group">
            <legend>Queue</legend>
            <label title="Files of 1 MB or more (and of unknown size) at once: they share the link, which more connections only divide">
              At once
              <select value={preferences.parallel} onChange={(e) => set({ parallel: Number(e.target.value) })}>
                {atOnceChoices.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label title="Jobs at once in all, with files under 1 MB, deletions and folder listings among them: their time goes to waiting for the server, so more of them at once finish sooner (never fewer than above)">
              Small files at once
              <select value={preferences.smallFilesParallel} onChange={(e) => set({ smallFilesParallel: Number(e.target.value) })}>
                {atOnceChoices.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              If the target exists
              <select
                value={preferences.whenTargetExists}
                onChange={(e) => set({ whenTargetExists: e.target.value as TransferPreferences["whenTargetExists"] })}
              >
                <option value="ask">Ask</option>
                {overwriteActions.map((action) => (
                  <option key={action} value={action}>
                    {overwriteActionLabels[action]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              When the queue is done
              <select
                value={preferences.whenQueueDone}
                onChange={(e) => set({ whenQueueDone: e.target.value as TransferPreferences["whenQueueDone"] })}
              >
                {Object.entries(whenDoneLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            {(["downloadLimit", "uploadLimit"] as const).map((key) => (
              <PreferenceField
                key={key}
                label={key === "downloadLimit" ? "Download limit" : "Upload limit"}
                title="KB/s for all transfers of this direction together; empty for no limit"
                shown={preferences[key] === 0 ? "" : String(preferences[key])}
                placeholder="none"
                unit="KB/s"
                accepts={(text) => /^\d{0,7}$/.test(text)}
                onSet={(text) => set({ [key]: Number(text) })}
              />
            ))}
          </fieldset>
          <fieldset className="connections-group">
            <legend>Data connections</legend>
            <ActiveModeSettings preferences={preferences} set={set} />
          </fieldset>
          <fieldset className="files-group">
            <legend>Files</legend>
            {(["uploadFileMode", "uploadFolderMode"] as const).map((key) => (
              <PreferenceField
                key={key}
                label={key === "uploadFileMode" ? "Permissions of uploaded files" : "Permissions of folders an upload makes"}
                title="Octal, as chmod takes it (644, 755); empty keeps the server's default"
                shown={preferences[key]}
                placeholder="default"
                accepts={(text) => unixModePattern.test(text)}
                onSet={(text) => set({ [key]: text })}
              />
            ))}
            <label title="Binary sends files as they are; Text converts line ends; Automatic sends the names of the text masks as text">
              Transfer mode
              <select
                value={preferences.transferMode}
                onChange={(e) => set({ transferMode: e.target.value as TransferPreferences["transferMode"] })}
              >
                {transferModes.map((mode) => (
                  <option key={mode} value={mode}>
                    {transferModeLabels[mode]}
                  </option>
                ))}
              </select>
            </label>
            <PreferenceField
              label="Text files (automatic mode)"
              title="File masks, as WinSCP writes them: the names an automatic transfer sends as text"
              shown={preferences.textMasks}
              placeholder="none"
              wide
              accepts={(text) => parseFileMask(text).ok}
              problemOf={(text) => {
                const parsed = parseFileMask(text);
                return parsed.ok ? undefined : parsed.error;
              }}
              onSet={(text) => set({ textMasks: text })}
            />
            {fileSwitches.map(({ key, label, title }) => (
              <label key={key} className="checkbox" title={title}>
                <input type="checkbox" checked={preferences[key]} onChange={(e) => set({ [key]: e.target.checked })} />
                {label}
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </PopoverMenu>
  );
}
