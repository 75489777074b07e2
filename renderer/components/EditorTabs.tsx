import { pathOf, titleOf, useEditorStore } from "../stores/editor-store";

/**
 * The open files, each in a tab named for the file and its server, in place of the panes: F4's
 * editor and F3's viewer. The "Files" tab shows the panes again; the files stay open.
 */
export function EditorTabs() {
  const tabs = useEditorStore((state) => state.tabs);
  const activeId = useEditorStore((state) => state.activeId);
  const showing = useEditorStore((state) => state.showing);
  const { activate, showFiles, close } = useEditorStore.getState();
  if (tabs.length === 0) return null;
  return (
    <nav className="tab-bar editor-tabs" aria-label="Open files">
      {/* As in the session tabs, the close buttons sit outside the tablist, each placed after its tab by its flex order. */}
      <div className="tab-list" role="tablist" aria-label="Files and open files">
        <button type="button" role="tab" className={`tab${showing ? "" : " tab-active"}`} aria-selected={!showing} onClick={showFiles}>
          Files
        </button>
        {tabs.map((tab, index) => {
          const active = showing && tab.id === activeId;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              className={`tab${active ? " tab-active" : ""}`}
              style={{ order: index * 2 + 1 }}
              aria-selected={active}
              title={`${pathOf(tab.file)} — ${tab.file.place}${tab.purpose === "view" ? " (read-only)" : ""}`}
              onClick={() => activate(tab.id)}
            >
              <span className="tab-name">
                {tab.dirty ? "● " : ""}
                {titleOf(tab)}
              </span>
            </button>
          );
        })}
      </div>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          type="button"
          className={`tab-close${showing && tab.id === activeId ? " tab-active" : ""}`}
          style={{ order: index * 2 + 2 }}
          aria-label={`Close ${titleOf(tab)}`}
          title="Close (Escape)"
          onClick={() => close(tab.id)}
        >
          ×
        </button>
      ))}
    </nav>
  );
}
