import { useEffect, useRef, useState, type FormEvent } from "react";
import { compareCriteria, compareCriteriaLabels, maxToleranceMs } from "../../shared/compare-folders";
import { maxFileMaskLength, parseFileMask } from "../../shared/file-mask";
import { isAbsoluteLocalPath } from "../../shared/local";
import { syncDirectionLabels, syncDirections, syncModeLabels, syncModes, syncOptionsProblem } from "../../shared/synchronize";
import { usePanesStore } from "../stores/panes-store";
import { useSynchronizeStore, type SyncChoices, type SyncStage } from "../stores/synchronize-store";
import { ModalDialog } from "./ModalDialog";

type Shown = Extract<SyncStage, { stage: "options" | "comparing" }>;

/** "412 of 1,000 folders": how far the comparison's walks have come, both sides together; then the checksums, if asked for. */
function comparingLine(shown: Extract<SyncStage, { stage: "comparing" }>): string {
  if (shown.checksums)
    return `Comparing checksums… ${shown.checksums.done.toLocaleString()} of ${shown.checksums.of.toLocaleString()} files`;
  return `Comparing… ${shown.foldersListed.toLocaleString()} of ${shown.foldersFound.toLocaleString()} folders`;
}

/**
 * WinSCP's Synchronize dialog: the two folders (the panes', editable), which side is brought up to
 * date, the mode, what makes files differ, deletion, a file mask and subfolders; Compare walks both
 * trees (with its progress and Stop) and then shows the checklist.
 */
export function SynchronizeDialog({ shown }: { shown: Shown }) {
  const store = useSynchronizeStore();
  const sessionId = usePanesStore((state) => state.sessionId);
  const comparing = shown.stage === "comparing";
  const [localFolder, setLocalFolder] = useState(comparing ? shown.request.localFolder : shown.localFolder);
  const [remoteFolder, setRemoteFolder] = useState(comparing ? shown.request.remoteFolder : shown.remoteFolder);
  const [choices, setChoices] = useState<SyncChoices>(store.choices);
  const change = (next: Partial<SyncChoices>) => setChoices((current) => ({ ...current, ...next }));
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);

  const parsedMask = parseFileMask(choices.mask);
  const problem =
    (!isAbsoluteLocalPath(localFolder.trim()) ? "The local folder must be a full path (start at the root of a disk)." : undefined) ??
    (!remoteFolder.trim().startsWith("/") ? "The server folder must be a full path, starting with /." : undefined) ??
    (parsedMask.ok ? undefined : parsedMask.error) ??
    syncOptionsProblem(choices) ??
    (sessionId === undefined ? "Synchronize needs a server: connect first." : undefined);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problem || comparing || sessionId === undefined) return;
    void store.compare(sessionId, localFolder.trim(), remoteFolder.trim(), choices);
  }

  const error = shown.stage === "options" ? shown.error : undefined;
  return (
    <ModalDialog labelledBy="sync-title" className="sync-dialog" onCancel={() => (comparing ? store.cancelCompare() : store.close())}>
      <form onSubmit={onSubmit}>
        <h2 id="sync-title">Synchronize</h2>
        <fieldset disabled={comparing} className="plain-fieldset">
          <label>
            Local folder
            <input className="mono" value={localFolder} onChange={(e) => setLocalFolder(e.target.value)} spellCheck={false} />
          </label>
          <label>
            Server folder
            <input className="mono" value={remoteFolder} onChange={(e) => setRemoteFolder(e.target.value)} spellCheck={false} />
          </label>
          <fieldset className="radio-row">
            <legend>Direction</legend>
            {syncDirections.map((direction) => (
              <label key={direction} className="checkbox">
                <input
                  type="radio"
                  name="sync-direction"
                  checked={choices.direction === direction}
                  onChange={() => change({ direction })}
                />
                {syncDirectionLabels[direction]}
              </label>
            ))}
          </fieldset>
          <fieldset className="radio-row">
            <legend>Mode</legend>
            {syncModes.map((mode) => (
              <label key={mode} className="checkbox">
                <input type="radio" name="sync-mode" checked={choices.mode === mode} onChange={() => change({ mode })} />
                {syncModeLabels[mode]}
              </label>
            ))}
          </fieldset>
          <div className="form-row">
            <label className="inline-field">
              Compare by
              <select
                value={choices.criteria}
                onChange={(e) => change({ criteria: compareCriteria.find((c) => c === e.target.value) ?? choices.criteria })}
              >
                {compareCriteria.map((criteria) => (
                  <option key={criteria} value={criteria}>
                    {compareCriteriaLabels[criteria]}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              Times within (seconds)
              <input
                type="number"
                min={0}
                max={maxToleranceMs / 1000}
                value={choices.toleranceMs / 1000}
                onChange={(e) =>
                  change({ toleranceMs: Math.round(Math.min(Math.max(Number(e.target.value) || 0, 0), maxToleranceMs / 1000) * 1000) })
                }
                size={6}
              />
            </label>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={choices.checksum} onChange={(e) => change({ checksum: e.target.checked })} />
            Compare checksums of files of the same size (where the server offers HASH)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={choices.deleteMissing} onChange={(e) => change({ deleteMissing: e.target.checked })} />
            Delete files that are missing on the source
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={choices.subfolders} onChange={(e) => change({ subfolders: e.target.checked })} />
            Subfolders
          </label>
          <label>
            File mask
            <input
              className="mono"
              value={choices.mask}
              onChange={(e) => change({ mask: e.target.value })}
              placeholder="all files; for example | .git/; node_modules/; *.tmp"
              maxLength={maxFileMaskLength}
              spellCheck={false}
              aria-invalid={!parsedMask.ok}
            />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={choices.preview} onChange={(e) => change({ preview: e.target.checked })} />
            Preview changes (a synchronization that deletes always shows them)
          </label>
        </fieldset>
        {problem ? <p className="field-help field-error">{problem}</p> : null}
        {error ? (
          <p className="field-help field-error" role="alert">
            {error}
          </p>
        ) : null}
        {comparing ? (
          <p role="status" className="sync-progress">
            {comparingLine(shown)}
          </p>
        ) : null}
        <div className="dialog-buttons">
          {comparing ? (
            <button type="button" onClick={() => store.cancelCompare()}>
              Stop
            </button>
          ) : (
            <>
              <button ref={ok} type="submit" disabled={problem !== undefined}>
                Compare
              </button>
              <button type="button" onClick={() => store.close()}>
                Cancel
              </button>
            </>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}
