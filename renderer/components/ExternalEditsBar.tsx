import { useEffect, useRef } from "react";
import type { ExternalEdit } from "../../shared/edit";
import { useExternalEditStore } from "../stores/external-edit-store";
import { useSessionStore } from "../stores/session-store";
import { tabNames } from "../tab-names";
import { ModalDialog } from "./ModalDialog";

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** Where a watched file stands: watching, uploading, uploaded at a time, or why not. */
function stateOf(edit: ExternalEdit): string {
  switch (edit.state.kind) {
    case "watching":
      return "Watching for saves";
    case "uploading":
      return "Uploading…";
    case "uploaded":
      return `Uploaded ${time(edit.state.at)}`;
    case "failed":
      return edit.state.message;
    case "conflict":
      return edit.state.current
        ? "Not uploaded: someone changed the server's file since you opened it."
        : "Not uploaded: the server's file was deleted or renamed since you opened it.";
  }
}

function StopQuestion({ edit }: { edit: ExternalEdit }) {
  const { uploadAndStop, stop, cancelStop } = useExternalEditStore.getState();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <ModalDialog labelledBy="stop-watching-title" describedBy="stop-watching-text" onCancel={cancelStop}>
      <h2 id="stop-watching-title">Stop watching {edit.name}?</h2>
      <p id="stop-watching-text">
        The copy you are editing holds changes that are not on the server. Stopping without uploading deletes the copy and its changes.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={() => void uploadAndStop(edit.editId)}>
          {edit.state.kind === "conflict" ? "Overwrite theirs, then stop" : "Upload, then stop"}
        </button>
        <button type="button" onClick={() => void stop(edit.editId, "discard")}>
          Stop and discard my changes
        </button>
        <button ref={keep} type="button" className="button-default" onClick={cancelStop}>
          Keep watching
        </button>
      </div>
    </ModalDialog>
  );
}

/**
 * The files being edited in other programs, one line each, under the tab bars while there are
 * any: where each stands, Retry or "Overwrite theirs" when its save did not go up, Open folder
 * (the private copy) and Stop watching.
 */
export function ExternalEditsBar() {
  const edits = useExternalEditStore((state) => state.edits);
  const stopping = useExternalEditStore((state) => state.stopping);
  const tabs = useSessionStore((state) => state.tabs);
  if (edits.length === 0) return null;
  const names = tabNames(tabs);
  const { upload, stop, showFolder } = useExternalEditStore.getState();
  const asked = edits.find((edit) => edit.editId === stopping);
  return (
    <section className="external-edits" aria-label="Files edited in other programs">
      <ul>
        {edits.map((edit) => {
          const trouble = edit.state.kind === "failed" || edit.state.kind === "conflict";
          return (
            <li key={edit.editId} className="external-edit">
              <span className="external-edit-name" title={`${edit.folder === "/" ? "" : edit.folder}/${edit.name}`}>
                {edit.name} — {names.get(edit.sessionId) ?? "Server"}
              </span>
              <span
                className={trouble ? "external-edit-state external-edit-trouble" : "external-edit-state"}
                role={trouble ? "alert" : "status"}
              >
                {stateOf(edit)}
              </span>
              {edit.state.kind === "failed" ? (
                <button type="button" onClick={() => void upload(edit.editId, false)}>
                  Retry
                </button>
              ) : null}
              {edit.state.kind === "conflict" ? (
                <button type="button" onClick={() => void upload(edit.editId, true)}>
                  Overwrite theirs
                </button>
              ) : null}
              <button type="button" onClick={() => void showFolder(edit.editId)} title={edit.localFolder}>
                Open folder
              </button>
              <button type="button" onClick={() => void stop(edit.editId, "ask")}>
                Stop watching
              </button>
            </li>
          );
        })}
      </ul>
      {asked ? <StopQuestion edit={asked} /> : null}
    </section>
  );
}
