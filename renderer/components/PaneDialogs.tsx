import { useEffect, useRef, useState, type FormEvent } from "react";
import { parseFileMask } from "../../shared/file-mask";
import { isSafeName } from "../../shared/files";
import { samePlace } from "../panes/pane-transitions";
import { usePaneDialogStore, type PaneDialog } from "../stores/pane-dialog-store";
import { createInPane } from "../stores/create-in-pane";
import { usePanesStore } from "../stores/panes-store";
import { call } from "../transport/bridge";
import { CopyDialog } from "./CopyDialog";
import { PropertiesDialog } from "./PropertiesDialog";
import { ModalDialog } from "./ModalDialog";

const wording: Record<
  Exclude<PaneDialog["kind"], "delete" | "properties" | "move-into" | "transfer" | "sync-missing">,
  { title: string; label: string; action: string }
> = {
  mkdir: { title: "New folder", label: "Folder name", action: "Create" },
  "new-file": { title: "New file", label: "File name", action: "Create" },
  mask: { title: "Select by mask", label: "Mask (for example *.html; *.css | old*; or */ for folders)", action: "Select" },
};

/** Closes the dialog and gives the keyboard back to the pane it was about. */
function useClose(side: PaneDialog["side"]) {
  const close = usePaneDialogStore((state) => state.close);
  return () => {
    close();
    // After React has removed the dialog: removing it moves the focus to the page.
    setTimeout(() => document.querySelector<HTMLElement>(`[data-pane="${side}"] [role=grid]`)?.focus());
  };
}

/** Asks for a name (new folder, new file, rename) or a mask, then runs the operation on its pane. */
function NameDialog({
  dialog,
}: {
  dialog: Exclude<PaneDialog, { kind: "delete" | "properties" | "move-into" | "transfer" | "sync-missing" }>;
}) {
  const close = useClose(dialog.side);
  const [value, setValue] = useState(dialog.kind === "mask" ? "*.*" : "");
  const words =
    dialog.kind === "mask" && !dialog.mark ? { ...wording.mask, title: "Deselect by mask", action: "Deselect" } : wording[dialog.kind];
  const isName = dialog.kind !== "mask";
  const mask = isName ? undefined : parseFileMask(value);
  const problem =
    mask && !mask.ok
      ? mask.error
      : isName && value !== "" && !isSafeName(value.trim())
        ? "A name cannot contain / or \\ or control characters, nor be . or .."
        : undefined;
  const valid = value.trim() !== "" && problem === undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    const text = value.trim();
    close();
    if (dialog.kind === "mask") {
      if (mask?.ok) usePanesStore.getState().markByMask(dialog.side, mask.mask, dialog.mark);
      return;
    }
    void createInPane(dialog.kind, dialog.side, dialog.at, text);
  }

  return (
    <ModalDialog labelledBy="pane-dialog-title" onCancel={close}>
      <form onSubmit={onSubmit}>
        <h2 id="pane-dialog-title">{words.title}</h2>
        <label>
          {words.label}
          <input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoFocus
            spellCheck={false}
            aria-invalid={problem !== undefined}
            onFocus={(e) => e.target.select()}
          />
        </label>
        {problem ? <p className="field-help field-error">{problem}</p> : null}
        <div className="dialog-buttons">
          <button type="submit" disabled={!valid}>
            {words.action}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

interface ConfirmItemsProps {
  side: PaneDialog["side"];
  title: string;
  question: string;
  names: string[];
  action: string;
  /** The safe button (Cancel) has the focus for destructive questions; else the action has it. */
  cancelIsDefault: boolean;
  onConfirm(): void;
}

/** Asks about named items, listing up to ten of them. */
function ConfirmItemsDialog({ side, title, question, names, action, cancelIsDefault, onConfirm }: ConfirmItemsProps) {
  const close = useClose(side);
  const focused = useRef<HTMLButtonElement>(null);
  useEffect(() => focused.current?.focus(), []);
  const shown = names.slice(0, 10);
  return (
    <ModalDialog labelledBy="confirm-items-title" onCancel={close}>
      <h2 id="confirm-items-title">{title}</h2>
      <p>{question}</p>
      {names.length > 1 ? (
        <ul className="delete-list">
          {shown.map((name) => (
            <li key={name}>{name}</li>
          ))}
          {names.length > shown.length ? <li>and {names.length - shown.length} more</li> : null}
        </ul>
      ) : null}
      <div className="dialog-buttons">
        <button
          ref={cancelIsDefault ? undefined : focused}
          type="button"
          className={cancelIsDefault ? undefined : "button-default"}
          onClick={() => {
            close();
            onConfirm();
          }}
        >
          {action}
        </button>
        <button
          ref={cancelIsDefault ? focused : undefined}
          type="button"
          className={cancelIsDefault ? "button-default" : undefined}
          onClick={close}
        >
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

function these(names: string[]): string {
  return names.length === 1 ? `“${names[0]}”` : `these ${names.length} items`;
}

/** Names what will be deleted, folders with everything in them; Cancel is the default. */
function DeleteDialog({ dialog }: { dialog: Extract<PaneDialog, { kind: "delete" }> }) {
  // Told as the pane listed them when asked; should it show another folder by now, the warning stays to be safe.
  const [hasFolder] = useState(() => {
    const panes = usePanesStore.getState();
    const rows = samePlace(panes.placeOf(dialog.side), dialog.at) ? panes[dialog.side].rows : undefined;
    return rows === undefined || dialog.names.some((name) => rows.some((row) => row.name === name && row.kind === "folder"));
  });
  const where = dialog.side === "remote" ? " from the server" : "";
  return (
    <ConfirmItemsDialog
      side={dialog.side}
      title="Delete"
      question={`Delete ${these(dialog.names)}${where}?${hasFolder ? " Folders are deleted with everything in them." : ""}`}
      names={dialog.names}
      action="Delete"
      cancelIsDefault
      onConfirm={() => void usePanesStore.getState().deleteNames(dialog.side, dialog.at, dialog.names)}
    />
  );
}

/** A drop onto a folder row of the same pane moves the items there, once confirmed. */
function MoveIntoDialog({ dialog }: { dialog: Extract<PaneDialog, { kind: "move-into" }> }) {
  return (
    <ConfirmItemsDialog
      side={dialog.side}
      title="Move"
      question={`Move ${these(dialog.names)} into “${dialog.toName === ".." ? dialog.to : dialog.toName}”?`}
      names={dialog.names}
      action="Move"
      cancelIsDefault={false}
      onConfirm={() =>
        void usePanesStore
          .getState()
          .operate(dialog.side, dialog.at, (target, folder) => call("files.move", { target, folder, names: dialog.names, to: dialog.to }))
      }
    />
  );
}

function Properties({ dialog }: { dialog: Extract<PaneDialog, { kind: "properties" }> }) {
  const close = useClose(dialog.side);
  return <PropertiesDialog dialog={dialog} onClose={close} />;
}

function Transfer({ dialog }: { dialog: Extract<PaneDialog, { kind: "transfer" }> }) {
  const close = useClose(dialog.side);
  return <CopyDialog dialog={dialog} onClose={close} />;
}

/**
 * Synchronized browsing went into a folder the other pane does not have: create it there (WinSCP's
 * offer), or turn synchronized browsing off. Escape turns it off too: the panes are no longer in step.
 */
function SyncMissingDialog({ dialog }: { dialog: Extract<PaneDialog, { kind: "sync-missing" }> }) {
  const close = useClose(dialog.from);
  const where = dialog.side === "remote" ? "on the server" : "on this computer";
  const turnOff = () => {
    close();
    usePanesStore.getState().stopSyncBrowsing(dialog.from, `Synchronized browsing is off: there is no folder “${dialog.name}” ${where}.`);
  };
  const create = () => {
    close();
    void usePanesStore.getState().createSyncFolder(dialog.side, dialog.at, dialog.path);
  };
  return (
    <ModalDialog labelledBy="sync-missing-title" onCancel={turnOff}>
      <h2 id="sync-missing-title">Synchronized browsing</h2>
      <p>
        There is no folder “{dialog.name}” {where} ({dialog.path}). Create it, or turn synchronized browsing off?
      </p>
      <div className="dialog-buttons">
        <button type="button" className="button-default" autoFocus onClick={create}>
          Create folder
        </button>
        <button type="button" onClick={turnOff}>
          Turn off
        </button>
      </div>
    </ModalDialog>
  );
}

export function PaneDialogs() {
  const dialog = usePaneDialogStore((state) => state.dialog);
  if (!dialog) return null;
  if (dialog.kind === "delete") return <DeleteDialog dialog={dialog} />;
  if (dialog.kind === "properties") return <Properties dialog={dialog} />;
  if (dialog.kind === "move-into") return <MoveIntoDialog dialog={dialog} />;
  if (dialog.kind === "transfer") return <Transfer dialog={dialog} />;
  if (dialog.kind === "sync-missing") return <SyncMissingDialog dialog={dialog} />;
  return <NameDialog key={dialog.kind} dialog={dialog} />;
}
