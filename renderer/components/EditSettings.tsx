import { PreferencesChangeSchema, type TransferPreferences } from "../../shared/transfer";
import { useExternalEditStore } from "../stores/external-edit-store";
import { useTransferStore } from "../stores/transfer-store";
import { PopoverMenu } from "./PopoverMenu";
import { PreferenceField } from "./PreferenceField";

const editWithLabels: Record<TransferPreferences["editWith"], string> = {
  ferry: "Ferry's editor",
  "default-app": "The system's default application",
  program: "A program I choose",
};

const doubleClickLabels: Record<TransferPreferences["doubleClickFile"], string> = {
  transfer: "Transfer it",
  open: "Open it (view or edit)",
};

/** Why a command line cannot start a program, or undefined when it can. */
function commandProblem(text: string): string | undefined {
  if (text === "") return "Type the program's command line, with %s where the file goes.";
  if (text.startsWith("%s")) return "Start with the program, then %s where the file goes.";
  return undefined;
}

/**
 * The command bar's Editing settings: what F4 edits with (Ferry's editor, or in the desktop app
 * another program), what Enter and a double-click do to a file, and the size above which Ferry's
 * editor asks first.
 */
export function EditSettings() {
  const preferences = useTransferStore((state) => state.preferences);
  const available = useExternalEditStore((state) => state.available);
  if (!preferences) return null;
  const set = (change: Partial<TransferPreferences>) => void useTransferStore.getState().setPreferences(change);
  const editWith = available ? preferences.editWith : "ferry";
  return (
    <PopoverMenu
      label="Editing settings"
      title="What F4 edits with, what a double-click on a file does, and when a large file asks first"
      face="Editing ▾"
      className="toolbar-button command-menu-button"
    >
      {() => (
        <span className="settings-fields">
          <label>
            Edit with
            <select
              value={editWith}
              onChange={(event) => set({ editWith: PreferencesChangeSchema.shape.editWith.unwrap().parse(event.target.value) })}
              aria-describedby={available ? undefined : "edit-with-help"}
            >
              {Object.entries(editWithLabels).map(([value, label]) => (
                <option key={value} value={value} disabled={!available && value !== "ferry"}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {available ? null : (
            <p id="edit-with-help" className="field-help settings-help">
              In a browser, F4 edits in Ferry&apos;s editor: other programs open files in the desktop app.
            </p>
          )}
          {editWith === "program" ? (
            <PreferenceField
              label="Command line"
              title="The program and its arguments; %s stands for the file (added at the end when missing). No shell runs it."
              shown={preferences.editCommand}
              placeholder="code --wait %s"
              wide
              accepts={(text) => commandProblem(text) === undefined}
              problemOf={commandProblem}
              onSet={(text) => set({ editCommand: text })}
            />
          ) : null}
          <label>
            Double-click a file
            <select
              value={preferences.doubleClickFile}
              onChange={(event) =>
                set({ doubleClickFile: PreferencesChangeSchema.shape.doubleClickFile.unwrap().parse(event.target.value) })
              }
            >
              {Object.entries(doubleClickLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <PreferenceField
            label="Ask before opening files over"
            title="Ferry's editor and viewer ask before opening a larger file (it makes the editor slow)"
            shown={String(preferences.editSizeLimit / 1_000_000)}
            placeholder="10"
            unit="MB"
            accepts={(text) => /^\d{1,4}(\.\d{1,3})?$/.test(text) && Number(text) >= 0.001 && Number(text) <= 1000}
            onSet={(text) => set({ editSizeLimit: Math.round(Number(text) * 1_000_000) })}
          />
        </span>
      )}
    </PopoverMenu>
  );
}
