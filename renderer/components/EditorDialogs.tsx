import { useEffect, useRef, useState } from "react";
import { isSafeName } from "../../shared/files";
import { formatDateWithSeconds, formatSize } from "../format";
import { titleOf, useEditorStore, type EditorQuestion, type EditorTab } from "../stores/editor-store";
import { focusEditor, textOf } from "./editor-views";
import { ModalDialog } from "./ModalDialog";

/** "index.php" → "index (mine).php": the name the conflict's "Save mine as a new name" offers. */
function mineName(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)} (mine)${name.slice(dot)}` : `${name} (mine)`;
}

function useDefaultFocus() {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return button;
}

function TooLargeDialog({ question }: { question: Extract<EditorQuestion, { kind: "too-large" }> }) {
  const { answer, openAt } = useEditorStore.getState();
  const cancel = useDefaultFocus();
  return (
    <ModalDialog labelledBy="too-large-title" describedBy="too-large-text" onCancel={answer}>
      <h2 id="too-large-title">Open a large file?</h2>
      <p id="too-large-text">
        {question.name} is {formatSize(question.size)}, larger than the {formatSize(question.limit)} Ferry opens without asking. A large
        file makes the editor slow.
      </p>
      <div className="dialog-buttons">
        <button
          type="button"
          onClick={() => {
            answer();
            void openAt(question.side, question.at, question.name, question.purpose, true);
          }}
        >
          Open anyway
        </button>
        <button ref={cancel} type="button" className="button-default" onClick={answer}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

/** Closes the question and gives the keyboard back to the tab's editor. */
function answerFor(tab: EditorTab): () => void {
  return () => {
    useEditorStore.getState().answer();
    focusEditor(tab.id);
  };
}

function ConflictDialog({ question, tab }: { question: Extract<EditorQuestion, { kind: "conflict" }>; tab: EditorTab }) {
  const { save, reload } = useEditorStore.getState();
  const answer = answerFor(tab);
  const [newName, setNewName] = useState(mineName(tab.file.name));
  const cancel = useDefaultFocus();
  const gone = question.current === undefined;
  const nameOk = isSafeName(newName.trim()) && newName.trim() !== tab.file.name;
  const where = tab.file.side === "local" ? "on the disk" : "on the server";
  return (
    <ModalDialog labelledBy="conflict-title" describedBy="conflict-text" onCancel={answer}>
      <h2 id="conflict-title">{gone ? "The file is gone" : "The file changed"}</h2>
      <p id="conflict-text">
        {gone
          ? `${tab.file.name} was deleted or renamed ${where} since you opened it.`
          : `Someone changed ${tab.file.name} ${where} since you opened it: it is now ${formatSize(question.current?.size)}${
              question.current?.modified ? `, changed ${formatDateWithSeconds(question.current.modified) ?? ""}` : ""
            }.`}{" "}
        Your text is still in the editor.
      </p>
      <label className="dialog-field">
        New name for your text
        <input value={newName} onChange={(event) => setNewName(event.target.value)} aria-invalid={!nameOk} />
      </label>
      <div className="dialog-buttons">
        <button
          type="button"
          onClick={() => {
            answer();
            void save(tab.id, question.text, { kind: "overwrite" }, undefined, question.editsAt);
          }}
        >
          {gone ? "Save mine again" : "Overwrite with mine"}
        </button>
        {gone ? null : (
          <button
            type="button"
            onClick={() => {
              answer();
              void reload(tab.id);
            }}
          >
            Reload theirs
          </button>
        )}
        <button
          type="button"
          disabled={!nameOk}
          onClick={() => {
            answer();
            void save(tab.id, question.text, { kind: "new" }, newName.trim(), question.editsAt);
          }}
        >
          Save mine as the new name
        </button>
        <button ref={cancel} type="button" className="button-default" onClick={answer}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

function CloseDialog({ tab }: { tab: EditorTab }) {
  const { close, save } = useEditorStore.getState();
  const answer = answerFor(tab);
  const keep = useDefaultFocus();
  return (
    <ModalDialog labelledBy="close-file-title" describedBy="close-file-text" onCancel={answer}>
      <h2 id="close-file-title">Close {tab.file.name}?</h2>
      <p id="close-file-text">{titleOf(tab)} has changes that are not saved. Closing it without saving loses them.</p>
      <div className="dialog-buttons">
        <button
          type="button"
          onClick={() => {
            answer();
            const text = textOf(tab.id);
            if (text === undefined) return;
            // Closes once the save went through; a failed or conflicting save keeps the tab and says why.
            void save(tab.id, text).then(() => {
              const saved = useEditorStore.getState().tabs.find((one) => one.id === tab.id);
              if (saved?.save.kind === "saved" && !saved.dirty) close(tab.id);
            });
          }}
        >
          Save
        </button>
        <button type="button" onClick={() => close(tab.id, true)}>
          Close without saving
        </button>
        <button ref={keep} type="button" className="button-default" onClick={answer}>
          Keep editing
        </button>
      </div>
    </ModalDialog>
  );
}

/** The editor's questions: open a large file, a file changed by someone else, closing with changes not saved. */
export function EditorDialogs() {
  const question = useEditorStore((state) => state.question);
  const tab = useEditorStore((state) => state.tabs.find((one) => question?.kind !== "too-large" && one.id === question?.tabId));
  if (!question) return null;
  if (question.kind === "too-large") return <TooLargeDialog question={question} />;
  if (!tab) return null;
  return question.kind === "conflict" ? <ConflictDialog question={question} tab={tab} /> : <CloseDialog tab={tab} />;
}
