import type { KeyboardEvent } from "react";
import { encodingLabels, lineEndingLabels, LineEndingSchema, TextEncodingSchema, textEncodings, type LineEnding } from "../../shared/edit";
import { formatSize } from "../format";
import { chordOf } from "../keymap";
import { useEditorCursorStore } from "../stores/editor-cursor-store";
import { titleOf, useEditorStore, type EditorTab } from "../stores/editor-store";
import { CodeEditor } from "./CodeEditor";
import { dropLineEndCRs, textOf } from "./editor-views";

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** Ctrl+S: the active tab's text to its file. */
function saveTab(tab: EditorTab): void {
  const text = textOf(tab.id);
  if (text !== undefined) void useEditorStore.getState().save(tab.id, text);
}

/** What the last save did, in the status line: "Saving…", "Saved to server 14:02:11", or why not, with Retry. */
function SaveStatus({ tab }: { tab: EditorTab }) {
  const where = tab.file.side === "local" ? "disk" : "server";
  switch (tab.save.kind) {
    case "saving":
      return <span>Saving…</span>;
    case "saved":
      return (
        <span>
          Saved to {where} {time(tab.save.at)}
          {tab.save.direct ? " (written in place, not renamed: the session log says why)" : ""}
        </span>
      );
    case "failed":
      return (
        <span className="editor-save-failed" role="alert">
          {tab.save.message}
          {tab.purpose === "edit" ? (
            <button type="button" className="inline-button" onClick={() => saveTab(tab)}>
              Retry
            </button>
          ) : null}
        </span>
      );
    case "idle":
      return tab.dirty ? <span>Not saved</span> : null;
  }
}

/** "Mixed" is how a file was, never a choice: it is offered only while the file is so. */
const lineEndingChoices = (current: LineEnding): LineEnding[] =>
  current === "mixed" ? ["mixed", "lf", "crlf", "cr"] : ["lf", "crlf", "cr"];

function CursorPosition() {
  const line = useEditorCursorStore((state) => state.line);
  const column = useEditorCursorStore((state) => state.column);
  return (
    <span>
      Ln {line}, Col {column}
    </span>
  );
}

function StatusLine({ tab }: { tab: EditorTab }) {
  const { setFormat } = useEditorStore.getState();
  const content = tab.content;
  return (
    <div className="editor-status" aria-label="Editor status">
      <span className="editor-status-save" aria-live="polite">
        <SaveStatus tab={tab} />
      </span>
      {content.kind === "text" ? (
        <>
          <CursorPosition />
          {tab.purpose === "edit" ? (
            <>
              <select
                aria-label="Encoding"
                value={content.encoding}
                onChange={(event) => setFormat(tab.id, { encoding: TextEncodingSchema.parse(event.target.value) })}
              >
                {textEncodings.map((encoding) => (
                  <option key={encoding} value={encoding}>
                    {encodingLabels[encoding]}
                  </option>
                ))}
              </select>
              <select
                aria-label="Line endings"
                value={content.lineEnding}
                onChange={(event) => {
                  // A mixed file's CRLF lines hold their CR as a character: one line end for all drops it.
                  if (content.lineEnding === "mixed") dropLineEndCRs(tab.id);
                  setFormat(tab.id, { lineEnding: LineEndingSchema.parse(event.target.value) });
                }}
              >
                {lineEndingChoices(content.lineEnding).map((lineEnding) => (
                  <option key={lineEnding} value={lineEnding}>
                    {lineEndingLabels[lineEnding]}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <span>
              {encodingLabels[content.encoding]} · {lineEndingLabels[content.lineEnding]} · Read-only
            </span>
          )}
        </>
      ) : null}
      <span>{formatSize(tab.stamp.size)}</span>
    </div>
  );
}

/** The active file: its editor (or image), and its status line. Loaded with CodeMirror when a file first opens (App's lazy import). */
export default function EditorPanel() {
  const tab = useEditorStore((state) => state.tabs.find((one) => one.id === state.activeId));
  const tabs = useEditorStore((state) => state.tabs);

  // The panes' <main> is hidden meanwhile: this is the page's main landmark.
  // The editor's keys: Ctrl+S saves, Escape closes (asking first if changed); keys CodeMirror took (Escape in search) are its own.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.defaultPrevented || !tab) return;
    const chord = chordOf(event);
    if (chord === "Ctrl+S") saveTab(tab);
    else if (chord === "Escape") useEditorStore.getState().close(tab.id);
    else return;
    event.preventDefault();
  };

  return (
    <main className="editor-area" aria-label={tab ? titleOf(tab) : "Editor"} onKeyDown={onKeyDown}>
      {tabs.map((one) =>
        one.content.kind === "text" ? (
          <div key={one.id} className="editor-body" hidden={one.id !== tab?.id}>
            <CodeEditor
              tabId={one.id}
              text={one.content.text}
              version={one.version}
              fileName={one.file.name}
              readOnly={one.purpose === "view"}
              onChange={() => useEditorStore.getState().setDirty(one.id)}
              onCursor={useEditorCursorStore.getState().moved}
            />
          </div>
        ) : (
          <div
            key={one.id}
            className="editor-body image-view"
            hidden={one.id !== tab?.id}
            tabIndex={0}
            aria-label={`Image ${one.file.name}`}
          >
            <img src={one.content.source} alt={one.file.name} />
          </div>
        ),
      )}
      {tab ? <StatusLine tab={tab} /> : null}
    </main>
  );
}
