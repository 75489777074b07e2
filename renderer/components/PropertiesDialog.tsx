import { useEffect, useRef, useState } from "react";
import { samePlace, type PanePlace } from "../panes/pane-transitions";
import type { PaneDialog } from "../stores/pane-dialog-store";
import { usePanesStore } from "../stores/panes-store";
import { formatBytes, formatDateTime, formatSize } from "../format";
import { modeOf, typeLabel } from "../pane-logic";
import { call, errorMessage } from "../transport/bridge";
import type { FileChecksum } from "../../shared/files";
import { ModalDialog } from "./ModalDialog";

const classes = [
  ["Owner", 6],
  ["Group", 3],
  ["Others", 0],
] as const;
const rights = [
  ["Read", 4],
  ["Write", 2],
  ["Execute", 1],
] as const;

type Calculation =
  | { state: "idle" }
  | { state: "running"; operationId: string }
  | { state: "done"; bytes: number; files: number; folders: number }
  | { state: "failed"; message: string };

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/**
 * Calculate: main walks the folders (bounded by the folder-depth preference) and adds up what
 * they hold; Cancel, or closing the dialog, stops the walk.
 */
function useCalculation(at: PanePlace, names: string[]) {
  const [calculation, setCalculation] = useState<Calculation>({ state: "idle" });
  const running = useRef<string | undefined>(undefined);
  useEffect(
    () => () => {
      if (running.current) void call("files.cancel", { operationId: running.current }).catch(() => undefined);
    },
    [],
  );
  async function start() {
    const operationId = crypto.randomUUID();
    running.current = operationId;
    setCalculation({ state: "running", operationId });
    try {
      const size = await usePanesStore.getState().measure(at, names, operationId);
      if (running.current === operationId) setCalculation({ state: "done", ...size });
    } catch (error) {
      if (running.current === operationId) setCalculation({ state: "failed", message: errorMessage(error) });
    } finally {
      if (running.current === operationId) running.current = undefined;
    }
  }
  function cancel() {
    if (running.current) void call("files.cancel", { operationId: running.current }).catch(() => undefined);
  }
  return { calculation, start, cancel };
}

type ChecksumState =
  { state: "idle" } | { state: "running" } | { state: "done"; checksum: FileChecksum } | { state: "failed"; message: string };

/** Properties' Checksum: asks the server for its hash of one file; what comes back after the dialog closed is dropped. */
function useChecksum(at: PanePlace, name: string | undefined) {
  const [checksum, setChecksum] = useState<ChecksumState>({ state: "idle" });
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );
  async function ask() {
    if (name === undefined) return;
    setChecksum({ state: "running" });
    try {
      const answer = await usePanesStore.getState().checksum(at, name);
      if (open.current) setChecksum({ state: "done", checksum: answer });
    } catch (error) {
      if (open.current) setChecksum({ state: "failed", message: errorMessage(error) });
    }
  }
  return { checksum, ask };
}

/**
 * F9: size, type, time, owner and group; folders' sizes on request (Calculate). On the server,
 * permissions as checkboxes and octal, set with SITE CHMOD: Apply keeps the dialog open, OK closes it;
 * a file's checksum, computed by the server, on request.
 */
export function PropertiesDialog({ dialog, onClose }: { dialog: Extract<PaneDialog, { kind: "properties" }>; onClose: () => void }) {
  // The entries as the pane listed them when asked: it may show another folder by now.
  const [entries] = useState(() => {
    const panes = usePanesStore.getState();
    return samePlace(panes.placeOf(dialog.side), dialog.at)
      ? panes[dialog.side].entries.filter((entry) => dialog.names.includes(entry.name))
      : [];
  });
  const first = entries[0];
  const initial = modeOf(first?.permissions) ?? 0o644;
  const [mode, setMode] = useState(initial);
  const [octal, setOctal] = useState(initial.toString(8).padStart(3, "0"));
  const [recursive, setRecursive] = useState(false);
  const remote = dialog.side === "remote";
  const hasFolder = entries.some((entry) => entry.kind === "folder");

  const setBits = (next: number) => {
    setMode(next);
    setOctal(next.toString(8).padStart(3, "0"));
  };
  const totalSize = entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
  const { calculation, start, cancel } = useCalculation(dialog.at, dialog.names);
  const oneServerFile = remote && entries.length === 1 && first?.kind === "file";
  const { checksum, ask } = useChecksum(dialog.at, oneServerFile ? first.name : undefined);
  const [applied, setApplied] = useState<string | undefined>(undefined);
  const validOctal = /^[0-7]{3,4}$/.test(octal);
  const owners = [...new Set(entries.map((entry) => (entry.owner || entry.group ? `${entry.owner ?? "?"} / ${entry.group ?? "?"}` : "")))];

  async function apply(): Promise<boolean> {
    if (!remote) return true;
    setApplied(undefined);
    const done = await usePanesStore
      .getState()
      .operate(dialog.side, dialog.at, (target, folder) => call("files.chmod", { target, folder, names: dialog.names, mode, recursive }));
    setApplied(done ? `Permissions set to ${mode.toString(8).padStart(3, "0")}.` : "The permissions were not changed: see the pane.");
    return done;
  }

  function sizeText(): string {
    if (!hasFolder) return `${formatSize(totalSize)} (${formatBytes(totalSize)})`;
    if (calculation.state === "running") return "Calculating…";
    if (calculation.state === "failed") return calculation.message;
    if (calculation.state === "done")
      return `${formatSize(calculation.bytes)} (${formatBytes(calculation.bytes)}) in ${plural(calculation.files, "file", "files")} and ${plural(calculation.folders, "folder", "folders")}`;
    return "Folders not counted yet";
  }

  return (
    <ModalDialog labelledBy="properties-title" className="properties-dialog" onCancel={onClose}>
      <h2 id="properties-title">Properties</h2>
      <dl className="details-table">
        <dt>{entries.length === 1 ? "Name" : "Items"}</dt>
        <dd>{entries.length === 1 ? first?.name : `${entries.length} items`}</dd>
        <dt>Location</dt>
        <dd className="mono">{dialog.at.folder}</dd>
        {entries.length === 1 && first ? (
          <>
            <dt>Type</dt>
            <dd>{typeLabel(first)}</dd>
            <dt>Modified</dt>
            <dd>{first.modified !== undefined ? formatDateTime(first.modified) : "Unknown"}</dd>
          </>
        ) : null}
        {owners.length === 1 && owners[0] ? (
          <>
            <dt>Owner / group</dt>
            <dd>{owners[0]}</dd>
          </>
        ) : null}
        <dt>Size</dt>
        <dd>
          <span aria-live="polite">{sizeText()}</span>
          {hasFolder ? (
            calculation.state === "running" ? (
              <button type="button" className="inline-button" onClick={cancel}>
                Cancel
              </button>
            ) : (
              <button type="button" className="inline-button" onClick={() => void start()}>
                Calculate
              </button>
            )
          ) : null}
        </dd>
        {oneServerFile ? (
          <>
            <dt>Checksum</dt>
            <dd aria-live="polite">
              {checksum.state === "running" ? "Calculating…" : null}
              {checksum.state === "done" ? (
                <>
                  {checksum.checksum.algorithm} <span className="mono checksum">{checksum.checksum.checksum}</span>
                </>
              ) : null}
              {checksum.state === "failed" ? checksum.message : null}
              {checksum.state === "idle" || checksum.state === "failed" ? (
                <button type="button" className="inline-button" onClick={() => void ask()}>
                  Calculate checksum
                </button>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {remote ? (
        <fieldset className="permissions">
          <legend>Permissions</legend>
          <table>
            <thead>
              <tr>
                <th />
                {rights.map(([label]) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {classes.map(([who, shift]) => (
                <tr key={who}>
                  <th scope="row">{who}</th>
                  {rights.map(([right, bit]) => {
                    const mask = bit << shift;
                    return (
                      <td key={right}>
                        <input
                          type="checkbox"
                          aria-label={`${who} ${right.toLowerCase()}`}
                          checked={(mode & mask) !== 0}
                          onChange={(e) => setBits(e.target.checked ? mode | mask : mode & ~mask)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Octal
            <input
              value={octal}
              className="mono"
              size={5}
              aria-invalid={!/^[0-7]{3,4}$/.test(octal)}
              onChange={(e) => {
                setOctal(e.target.value);
                if (/^[0-7]{3,4}$/.test(e.target.value)) setMode(parseInt(e.target.value, 8));
              }}
            />
          </label>
          {hasFolder ? (
            <label className="checkbox">
              <input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.target.checked)} />
              Apply to everything inside the folders too
            </label>
          ) : null}
        </fieldset>
      ) : null}
      {applied ? (
        <p role="status" className="field-help">
          {applied}
        </p>
      ) : null}
      <div className="dialog-buttons">
        {remote ? (
          <>
            <button
              type="button"
              className="button-default"
              disabled={!validOctal}
              onClick={() => void apply().then((done) => done && onClose())}
            >
              OK
            </button>
            <button type="button" disabled={!validOctal} onClick={() => void apply()}>
              Apply
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </ModalDialog>
  );
}
