import { useState } from "react";
import type { PaneDialog } from "../stores/pane-dialog-store";
import { usePanesStore } from "../stores/panes-store";
import { formatDateTime, formatSize } from "../format";
import { modeOf, typeLabel } from "../pane-logic";
import { call } from "../transport/bridge";
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

/** F9: size, type and time; on the server, permissions as checkboxes and octal, applied with SITE CHMOD. */
export function PropertiesDialog({ dialog, onClose }: { dialog: Extract<PaneDialog, { kind: "properties" }>; onClose: () => void }) {
  const pane = usePanesStore((state) => state[dialog.side]);
  const entries = pane.entries.filter((entry) => dialog.names.includes(entry.name));
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

  function apply() {
    onClose();
    if (!remote) return;
    void usePanesStore
      .getState()
      .operate(dialog.side, (target, folder) => call("files.chmod", { target, folder, names: dialog.names, mode, recursive }));
  }

  return (
    <ModalDialog labelledBy="properties-title" className="properties-dialog" onCancel={onClose}>
      <h2 id="properties-title">Properties</h2>
      <dl className="details-table">
        <dt>{entries.length === 1 ? "Name" : "Items"}</dt>
        <dd>{entries.length === 1 ? first?.name : `${entries.length} items`}</dd>
        <dt>Location</dt>
        <dd className="mono">{pane.path}</dd>
        {entries.length === 1 && first ? (
          <>
            <dt>Type</dt>
            <dd>{typeLabel(first)}</dd>
            <dt>Modified</dt>
            <dd>{first.modified !== undefined ? formatDateTime(first.modified) : "Unknown"}</dd>
          </>
        ) : null}
        <dt>Size</dt>
        <dd>{hasFolder ? "Folders not counted" : `${formatSize(totalSize)} (${totalSize.toLocaleString()} bytes)`}</dd>
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
      <div className="dialog-buttons">
        {remote ? (
          <button type="button" disabled={!/^[0-7]{3,4}$/.test(octal)} onClick={apply}>
            Apply
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
