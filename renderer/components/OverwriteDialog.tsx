import { useEffect, useRef, useState } from "react";
import type { PromptMessageOf } from "../../shared/contract";
import type { OverwriteAnswerAction } from "../../shared/transfer";
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

/** "4 more in this batch": how many other files of the F5 will ask the same. */
function moreInBatchText({ count, orMore }: OverwritePrompt["payload"]["moreInBatch"]): string {
  if (orMore) return `At least ${count} more in this batch.`;
  return count === 0 ? "No more in this batch." : `${count} more in this batch.`;
}

/**
 * The target exists: what to do with it, once or for the rest of the queue. The default
 * choice has the focus, so Enter takes it (Overwrite; Skip when a folder is in the way);
 * Enter in the name field renames. Escape skips this file only; Cancel all cancels the batch.
 */
export function OverwriteDialog({ prompt }: { prompt: OverwritePrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const [applyToAll, setApplyToAll] = useState(false);
  const [newName, setNewName] = useState(prompt.payload.suggestedName);
  const defaultChoice = useRef<HTMLButtonElement>(null);
  const { source, target, canResume, targetIsFolder, moreInBatch } = prompt.payload;

  useEffect(() => defaultChoice.current?.focus(), []);

  const decide = (action: OverwriteAnswerAction, forAll = applyToAll) =>
    answer(prompt, {
      action,
      applyToAll: action !== "cancel-batch" && forAll,
      ...(action === "rename" && newName.trim() ? { newName: newName.trim() } : {}),
    });
  const choice = (action: OverwriteAnswerAction, label: string) => {
    const isDefault = action === (targetIsFolder ? "skip" : "overwrite");
    return (
      <button
        type="button"
        onClick={() => decide(action)}
        ref={isDefault ? defaultChoice : undefined}
        className={isDefault ? "button-default" : undefined}
      >
        {label}
      </button>
    );
  };

  return (
    <ModalDialog
      labelledBy="overwrite-title"
      describedBy="overwrite-question"
      className="overwrite-dialog"
      onCancel={() => decide("skip", false)}
    >
      <h2 id="overwrite-title">{targetIsFolder ? "A folder is in the way" : "File exists"}</h2>
      <p id="overwrite-question">
        {targetIsFolder
          ? "A folder has the name this file would get. Ferry never replaces a folder with a file: skip the file, or give it another name."
          : "The target already exists. What should Ferry do?"}{" "}
        <span className="overwrite-more">{moreInBatchText(moreInBatch)}</span>
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
      <form
        className="rename-field"
        onSubmit={(event) => {
          event.preventDefault();
          decide("rename");
        }}
      >
        <label>
          New name (for Rename)
          <input value={newName} onChange={(e) => setNewName(e.target.value)} spellCheck={false} />
        </label>
      </form>
      <label className="checkbox">
        <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} />
        Apply to all in this queue
      </label>
      <div className="overwrite-actions">
        {targetIsFolder ? null : (
          <div className="dialog-buttons overwrite-choices">
            {choice("overwrite", "Overwrite")}
            {choice("overwrite-if-newer", "Overwrite if newer")}
            {choice("overwrite-if-size-differs", "Overwrite if size differs")}
            {choice("overwrite-if-size-differs-or-newer", "Overwrite if size differs or newer")}
            <button
              type="button"
              disabled={!canResume}
              onClick={() => decide("resume")}
              title={canResume ? undefined : "Only a smaller target can be resumed"}
            >
              Resume
            </button>
          </div>
        )}
        <div className="dialog-buttons">
          {choice("rename", "Rename")}
          {choice("skip", "Skip")}
          <button type="button" onClick={() => decide("cancel-batch")} title="Cancel this file and the rest of its batch">
            Cancel all
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
