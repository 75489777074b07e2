import { useState } from "react";
import type { PromptMessageOf } from "../../shared/contract";
import type { OverwriteAction } from "../../shared/transfer";
import { formatDateTime, formatSize } from "../format";
import { usePromptStore } from "../stores/prompt-store";
import { ModalDialog } from "./ModalDialog";

type OverwritePrompt = PromptMessageOf<"transfers.overwrite">;

function Facts({ title, facts }: { title: string; facts: OverwritePrompt["payload"]["source"] }) {
  return (
    <div className="file-facts">
      <h3>{title}</h3>
      <div className="mono">{facts.path}</div>
      <div>{facts.size !== undefined ? `${formatSize(facts.size)} (${facts.size.toLocaleString()} bytes)` : "Size unknown"}</div>
      <div>{facts.modified !== undefined ? `Modified ${formatDateTime(facts.modified)}` : "Modification time unknown"}</div>
    </div>
  );
}

/** The target exists: what to do with it, once or for the rest of the queue. Escape skips. */
export function OverwriteDialog({ prompt }: { prompt: OverwritePrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const [applyToAll, setApplyToAll] = useState(false);
  const [newName, setNewName] = useState(prompt.payload.suggestedName);
  const { source, target, canResume, targetIsFolder } = prompt.payload;

  const decide = (action: OverwriteAction) =>
    answer(prompt, { action, applyToAll, ...(action === "rename" && newName.trim() ? { newName: newName.trim() } : {}) });

  return (
    <ModalDialog labelledBy="overwrite-title" className="overwrite-dialog" onCancel={() => decide("skip")}>
      <h2 id="overwrite-title">{targetIsFolder ? "A folder is in the way" : "File exists"}</h2>
      <p>
        {targetIsFolder
          ? "A folder has the name this file would get. Ferry never replaces a folder with a file: skip the file, or give it another name."
          : "The target already exists. What should Ferry do?"}
      </p>
      <div className="facts-pair">
        <Facts title="Source" facts={source} />
        {targetIsFolder ? (
          <div className="file-facts">
            <h3>Target (a folder)</h3>
            <div className="mono">{target.path}</div>
          </div>
        ) : (
          <Facts title="Target" facts={target} />
        )}
      </div>
      <label className="rename-field">
        New name (for Rename)
        <input value={newName} onChange={(e) => setNewName(e.target.value)} spellCheck={false} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} />
        Apply to all in this queue
      </label>
      <div className="dialog-buttons">
        {!targetIsFolder && (
          <>
            <button type="button" onClick={() => decide("overwrite")}>
              Overwrite
            </button>
            <button type="button" onClick={() => decide("overwrite-if-newer")}>
              Overwrite if newer
            </button>
            <button
              type="button"
              disabled={!canResume}
              onClick={() => decide("resume")}
              title={canResume ? undefined : "Only a smaller target can be resumed"}
            >
              Resume
            </button>
          </>
        )}
        <button type="button" onClick={() => decide("rename")}>
          Rename
        </button>
        <button type="button" onClick={() => decide("skip")}>
          Skip
        </button>
      </div>
    </ModalDialog>
  );
}
