import { useEffect, useRef } from "react";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "../stores/panes-store";
import { useBookmarksStore } from "../stores/bookmarks-store";
import { usePanePreferences } from "../stores/pane-preferences-store";
import { CompareFields } from "./CompareFields";
import { columns } from "./pane-columns";
import { PopoverMenu } from "./PopoverMenu";

/** "/var/www" → "/", "var", "www"; "C:\Users\ann" → "C:\", "Users", "ann": each with the path it opens. */
function crumbs(path: string): { label: string; path: string; separator: string }[] {
  const drive = /^[A-Za-z]:\\/.exec(path);
  const root = drive ? drive[0] : "/";
  const separator = drive ? "\\" : "/";
  const parts = path.slice(root.length).split(separator).filter(Boolean);
  return [
    { label: root, path: root, separator: "" },
    ...parts.map((part, i) => ({ label: part, path: root + parts.slice(0, i + 1).join(separator), separator: i === 0 ? "" : separator })),
  ];
}

/**
 * The folder a pane shows: breadcrumbs to click, or (Ctrl+L, or a click beside them) a path
 * to type; Enter opens it, Escape gives up. The filter box narrows the listing as you type.
 */
export function PathBar({ side, title }: { side: Side; title: string }) {
  const pane = usePanesStore((state) => state[side]);
  const { load, setFilter, typePath } = usePanesStore.getState();
  const editing = pane.typedPath;
  const setEditing = (text: string | undefined) => typePath(side, text);
  const input = useRef<HTMLInputElement>(null);
  const isEditing = editing !== undefined;

  useEffect(() => {
    if (!isEditing) return;
    input.current?.focus();
    input.current?.select();
  }, [isEditing]);

  const backToGrid = () => document.querySelector<HTMLElement>(`[data-pane="${side}"] [role=grid]`)?.focus();
  return (
    <div className="path-bar" title={pane.path}>
      <span className="pane-title">{title}</span>
      {editing !== undefined ? (
        <input
          ref={input}
          className="path-input mono"
          aria-label={`${title} path to open`}
          value={editing}
          spellCheck={false}
          onChange={(e) => setEditing(e.target.value)}
          onBlur={() => setEditing(undefined)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && editing.trim()) {
              void load(side, editing.trim());
              setEditing(undefined);
              backToGrid();
            } else if (event.key === "Escape") {
              setEditing(undefined);
              backToGrid();
            } else return;
            event.preventDefault();
          }}
        />
      ) : (
        <span
          className="path-text"
          // A label needs a role: a group of folder buttons, named for screen readers as the tests find it.
          role="group"
          aria-label={`${title} path`}
          onClick={(event) => event.target === event.currentTarget && pane.path && setEditing(pane.path)}
        >
          {pane.path
            ? crumbs(pane.path).map((crumb) => (
                <span key={crumb.path}>
                  {crumb.separator}
                  <button type="button" className="crumb" tabIndex={-1} onClick={() => void load(side, crumb.path)}>
                    {crumb.label}
                  </button>
                </span>
              ))
            : null}
        </span>
      )}
      {pane.loading ? <span className="pane-busy">Loading…</span> : null}
      <BookmarksMenu side={side} title={title} />
      <ColumnChooser side={side} title={title} />
      <input
        type="search"
        className="filter-box"
        placeholder="Filter (Ctrl+F)"
        aria-label={`Filter ${title}`}
        value={pane.filter}
        onChange={(e) => setFilter(side, e.target.value)}
        onKeyDown={(event) => {
          // Enter or Down goes back to the rows with the filter kept; Escape clears it first.
          if (event.key === "Escape") setFilter(side, "");
          if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "Escape") {
            event.preventDefault();
            backToGrid();
          }
        }}
      />
    </div>
  );
}

function ColumnChooser({ side, title }: { side: Side; title: string }) {
  const hidden = usePanesStore((state) => state.hiddenColumns[side]);
  const toggle = usePanesStore((state) => state.toggleColumn);
  const ask = usePanePreferences((state) => state.askBeforeTransfer);
  return (
    <PopoverMenu label={`${title} columns`} title="Columns and options" face="⋮">
      {() => (
        <>
          {columns
            .filter((column) => side === "remote" || !column.remoteOnly)
            .map((column) => (
              <label key={column.id}>
                <input type="checkbox" checked={!hidden.includes(column.id)} onChange={() => toggle(side, column.id)} />
                {column.label}
              </label>
            ))}
          <hr />
          <label>
            <input type="checkbox" checked={ask} onChange={(e) => usePanePreferences.getState().setAskBeforeTransfer(e.target.checked)} />
            Ask where before copying (F5, F6)
          </label>
          <hr />
          <CompareFields />
        </>
      )}
    </PopoverMenu>
  );
}

/** The pane's bookmarks (Ctrl+B adds or removes the current folder); one click opens one. */
function BookmarksMenu({ side, title }: { side: Side; title: string }) {
  const byKey = useBookmarksStore((state) => state.byKey);
  const { keyFor, load, toggle } = useBookmarksStore.getState();
  const path = usePanesStore((state) => state[side].path);
  const key = keyFor(side);
  const paths = key ? (byKey[key] ?? []) : [];
  const marked = path !== undefined && paths.includes(path);
  return (
    <PopoverMenu
      label={`${title} bookmarks`}
      title="Bookmarks (Ctrl+B adds this folder)"
      className="bookmarks-menu"
      face={marked ? "★" : "☆"}
      onOpen={() => void load(side)}
    >
      {(close) => (
        <>
          {path ? (
            <button type="button" onClick={() => void toggle(side, path)}>
              {marked ? "Remove this folder" : "Bookmark this folder"} <kbd>Ctrl+B</kbd>
            </button>
          ) : null}
          {paths.map((bookmark) => (
            <button
              key={bookmark}
              type="button"
              className="bookmark mono"
              onClick={() => {
                close();
                void usePanesStore.getState().load(side, bookmark);
              }}
            >
              {bookmark}
            </button>
          ))}
          {paths.length === 0 ? <span className="muted">No bookmarks yet.</span> : null}
        </>
      )}
    </PopoverMenu>
  );
}
