import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { pathOf, titleOf, useEditorStore } from "../stores/editor-store";

/** The "Files" tab's id among the file tabs'. */
const filesTab = "files";

/**
 * The open files, each in a tab named for the file and its server, in place of the panes: F4's
 * editor and F3's viewer. The "Files" tab shows the panes again; the files stay open. As the
 * session tabs, the tabs are one tab stop (arrow keys move, Delete closes a file), and the close
 * buttons sit outside the tablist, each placed after its tab by its flex order.
 */
export function EditorTabs() {
  const tabs = useEditorStore((state) => state.tabs);
  const activeId = useEditorStore((state) => state.activeId);
  const showing = useEditorStore((state) => state.showing);
  const list = useRef<HTMLDivElement>(null);
  if (tabs.length === 0) return null;
  const { activate, showFiles, close } = useEditorStore.getState();
  const selected = showing ? activeId : filesTab;
  const ids = [filesTab, ...tabs.map((tab) => tab.id)];
  const choose = (id: string) => (id === filesTab ? showFiles() : activate(id));

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const id = ids[index];
    if (event.key === "Delete" && id !== undefined && id !== filesTab) {
      event.preventDefault();
      close(id);
      return;
    }
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: ids.length - 1 }[event.key];
    if (to === undefined || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault();
    const next = ids[(to + ids.length) % ids.length];
    if (next === undefined) return;
    choose(next);
    list.current?.querySelector<HTMLElement>(`[data-file-tab="${next}"]`)?.focus();
  }

  const tabButton = (id: string, index: number, label: ReactNode, title?: string) => (
    <button
      key={id}
      type="button"
      role="tab"
      data-file-tab={id}
      className={`tab${id === selected ? " tab-active" : ""}`}
      style={{ order: index * 2 }}
      aria-selected={id === selected}
      tabIndex={id === selected ? 0 : -1}
      title={title}
      onClick={() => choose(id)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      {label}
    </button>
  );

  return (
    <nav className="tab-bar editor-tabs" aria-label="Open files">
      <div ref={list} className="tab-list" role="tablist" aria-label="Files and open files">
        {tabButton(filesTab, 0, "Files", "The local and remote panes")}
        {tabs.map((tab, index) =>
          tabButton(
            tab.id,
            index + 1,
            <span className="tab-name">
              {tab.dirty ? <span aria-hidden="true">● </span> : null}
              {titleOf(tab)}
              {tab.dirty ? <span className="visually-hidden">, not saved</span> : null}
            </span>,
            `${pathOf(tab.file)} — ${tab.file.place}${tab.purpose === "view" ? " (read-only)" : ""}`,
          ),
        )}
      </div>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          type="button"
          className={`tab-close${tab.id === selected ? " tab-active" : ""}`}
          style={{ order: index * 2 + 3 }}
          // The tab itself closes with Delete; one tab stop per tab is enough.
          tabIndex={-1}
          aria-label={`Close ${titleOf(tab)}`}
          title={`Close ${titleOf(tab)} (Escape in the editor, Delete on the tab)`}
          onClick={() => close(tab.id)}
        >
          ×
        </button>
      ))}
    </nav>
  );
}
