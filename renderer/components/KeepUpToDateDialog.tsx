import { useEffect, useRef, type FormEvent } from "react";
import { maxFileMaskLength, parseFileMask } from "../../shared/file-mask";
import type { KeepLogEntry } from "../../shared/keep-up-to-date";
import { useKeepStore } from "../stores/keep-store";
import { siteOf, useSessionStore } from "../stores/session-store";
import { ModalDialog } from "./ModalDialog";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const lineClass: Record<KeepLogEntry["kind"], string> = { info: "muted", uploaded: "", deleted: "", error: "log-error" };

/**
 * WinSCP's "Keep remote directory up to date" (Ctrl+U): the local folder (from the Local pane), the
 * server folder (from the Remote pane), the options, Start and Stop, and a running log of what went
 * up. Main does the watching; closing the dialog stops it, as in WinSCP.
 */
export function KeepUpToDateDialog() {
  const { localFolder, remoteFolder, options, watch, starting, status, entries, change, start, stop, close } = useKeepStore();
  const session = useSessionStore((state) => state.session);
  const list = useRef<HTMLOListElement>(null);
  const running = watch !== undefined;
  const parsedMask = parseFileMask(options.mask);
  const maskProblem = parsedMask.ok ? undefined : parsedMask.error;
  const problem = session ? maskProblem : "Connect to a server first: the files go to the active tab's server.";

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [entries]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (running) void stop();
    else if (!problem) void start();
  }

  const statusText = running
    ? `Watching ${watch.localFolder} for changes to upload to ${watch.remoteFolder}.`
    : starting
      ? "Starting…"
      : (status ?? "Not watching. Start uploads each file created or changed in the local folder, a second after the last change.");
  return (
    <ModalDialog labelledBy="keep-title" describedBy="keep-status" className="keep-dialog" onCancel={() => void close()}>
      <form onSubmit={onSubmit}>
        <h2 id="keep-title">Keep remote directory up to date</h2>
        <label>
          Watch for changes in the local folder
          <input
            className="mono"
            value={localFolder}
            onChange={(e) => change({ localFolder: e.target.value })}
            disabled={running || starting}
            spellCheck={false}
          />
        </label>
        <label>
          Upload them to the server folder{session ? ` on ${siteOf(session)}` : ""}
          <input
            className="mono"
            value={remoteFolder}
            onChange={(e) => change({ remoteFolder: e.target.value })}
            disabled={running || starting}
            spellCheck={false}
          />
        </label>
        <fieldset className="keep-options" disabled={running || starting}>
          <legend>Options</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={options.deleteOnServer}
              onChange={(e) => change({ options: { deleteOnServer: e.target.checked } })}
            />
            Delete files on the server that are deleted locally
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={options.subfolders} onChange={(e) => change({ options: { subfolders: e.target.checked } })} />
            Include subfolders (made on the server as needed)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={options.initialSync} onChange={(e) => change({ options: { initialSync: e.target.checked } })} />
            Synchronize on start: first upload files the server lacks or has older copies of
          </label>
          <label>
            File mask
            <input
              className="mono"
              value={options.mask}
              onChange={(e) => change({ options: { mask: e.target.value } })}
              placeholder="all files; for example | .git/; node_modules/; *.tmp"
              maxLength={maxFileMaskLength}
              spellCheck={false}
              aria-invalid={maskProblem !== undefined}
            />
          </label>
        </fieldset>
        {problem ? <p className="field-help field-error">{problem}</p> : null}
        <p id="keep-status" role="status" className="keep-status">
          {statusText}
        </p>
        {/* Focusable, so that the keyboard can scroll it. */}
        <ol ref={list} className="log-lines keep-log mono" tabIndex={0} aria-label="Uploaded files">
          {entries.map((entry, index) => (
            <li key={index} className={lineClass[entry.kind]}>
              <span className="log-time">{time.format(entry.at)}</span> {entry.text}
            </li>
          ))}
          {entries.length === 0 ? <li className="muted">Nothing uploaded yet.</li> : null}
        </ol>
        <div className="dialog-buttons">
          {running ? (
            <button type="submit">Stop</button>
          ) : (
            <button type="submit" disabled={starting || problem !== undefined}>
              Start
            </button>
          )}
          <button type="button" onClick={() => void close()} title="Stops watching and closes this window">
            Close
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
