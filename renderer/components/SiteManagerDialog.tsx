import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import type { SiteFolder, SiteView } from "../../shared/site";
import { call } from "../transport/bridge";
import { usePanesStore } from "../stores/panes-store";
import { useSessionStore } from "../stores/session-store";
import { useSitesStore } from "../stores/sites-store";
import { Icon } from "./Icon";
import { SiteForm } from "./SiteForm";
import { ModalDialog } from "./ModalDialog";

type TreeItem = { kind: "folder"; folder: SiteFolder; depth: number } | { kind: "site"; site: SiteView; depth: number };

/** Folders first, then sites, each by name; a search shows matching sites with their folders. */
function flatten(folders: SiteFolder[], sites: SiteView[], search: string): TreeItem[] {
  const needle = search.trim().toLowerCase();
  const matches = (site: SiteView) => !needle || site.name.toLowerCase().includes(needle) || site.host.toLowerCase().includes(needle);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, undefined, { numeric: true });
  const items: TreeItem[] = [];
  const walk = (parentId: string | undefined, depth: number): boolean => {
    let any = false;
    for (const folder of folders.filter((f) => f.parentId === parentId).sort(byName)) {
      const at = items.length;
      items.push({ kind: "folder", folder, depth });
      const inside = walk(folder.id, depth + 1);
      if (needle && !inside) items.splice(at, 1);
      any ||= inside || !needle;
    }
    for (const site of sites.filter((s) => s.folderId === parentId && matches(s)).sort(byName)) {
      items.push({ kind: "site", site, depth });
      any = true;
    }
    return any;
  };
  walk(undefined, 0);
  return items;
}

function download(name: string, content: string) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([content], { type: "application/json" }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Saved sites in folders: create, edit, organise, import, export, and connect (Ctrl+S). */
export function SiteManagerDialog() {
  const { view, selected, error, report, recent } = useSitesStore(
    useShallow((state) => ({ view: state.view, selected: state.selected, error: state.error, report: state.report, recent: state.recent })),
  );
  const { hide, select, run, saveAsSite, importFile } = useSitesStore(
    useShallow((state) => ({
      hide: state.hide,
      select: state.select,
      run: state.run,
      saveAsSite: state.saveAsSite,
      importFile: state.importFile,
    })),
  );
  const tree = useRef<HTMLUListElement>(null);
  const [search, setSearch] = useState("");
  const [confirming, setConfirming] = useState<TreeItem | undefined>(undefined);
  const [newFolderName, setNewFolderName] = useState<string | undefined>(undefined);
  /** Where "New site" was pressed: the new site goes into that folder. */
  const [newSiteFolder, setNewSiteFolder] = useState<string | undefined>(undefined);

  const items = useMemo(() => (view ? flatten(view.folders, view.sites, search) : []), [view, search]);
  const current = items.find((item) => (item.kind === "site" ? item.site.id : item.folder.id) === selected);
  const site = current?.kind === "site" ? current.site : undefined;
  const folderForNew = current?.kind === "folder" ? current.folder.id : site?.folderId;

  async function connect(id: string) {
    const opened = await useSessionStore.getState().connectSite(id);
    const chosen = view?.sites.find((s) => s.id === id);
    hide();
    if (opened) await usePanesStore.getState().showSession(opened.startPath, chosen?.initialLocalPath);
  }

  function onTreeKey(event: KeyboardEvent<HTMLUListElement>) {
    const index = items.findIndex((item) => item === current);
    const move = (to: number) => {
      const item = items[Math.max(0, Math.min(items.length - 1, to))];
      if (item) select(item.kind === "site" ? item.site.id : item.folder.id);
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Enter" && site) void connect(site.id);
    else if (event.key === "Delete" && current) setConfirming(current);
    else return;
    event.preventDefault();
  }

  function onDrop(event: DragEvent, folderId: string | undefined) {
    event.preventDefault();
    const id = event.dataTransfer.getData("application/x-ferry-site");
    if (id) void run(() => call("sites.move", { id, kind: "site", ...(folderId ? { parentId: folderId } : {}) }));
  }

  const label = (item: TreeItem) => (item.kind === "site" ? item.site.name : item.folder.name);
  return (
    <ModalDialog labelledBy="site-manager-title" className="site-manager" onCancel={() => (confirming ? setConfirming(undefined) : hide())}>
      <h2 id="site-manager-title">Site manager</h2>
      {error ? (
        <p role="alert" className="dialog-notice">
          {error}
        </p>
      ) : null}
      {report ? (
        <div role="status" className="import-report">
          Imported {report.imported} {report.imported === 1 ? "site" : "sites"}.
          {report.skipped.length > 0 ? ` Skipped: ${report.skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}.` : ""}
          {report.notes.map((note) => ` ${note}`).join("")}
        </div>
      ) : null}
      <div className="site-manager-body">
        <div className="site-list">
          <input
            type="search"
            placeholder="Search by name or host"
            aria-label="Search sites"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <ul
            ref={tree}
            role="tree"
            aria-label="Sites"
            tabIndex={0}
            className="site-tree"
            onKeyDown={onTreeKey}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => onDrop(event, undefined)}
          >
            {items.map((item) => {
              const id = item.kind === "site" ? item.site.id : item.folder.id;
              return (
                <li
                  key={id}
                  role="treeitem"
                  aria-selected={id === selected}
                  aria-level={item.depth + 1}
                  className={`site-item${id === selected ? " site-item-selected" : ""}`}
                  style={{ paddingLeft: `${8 + item.depth * 16}px` }}
                  draggable={item.kind === "site"}
                  onDragStart={(event) => event.dataTransfer.setData("application/x-ferry-site", id)}
                  onDragOver={(event) => item.kind === "folder" && event.preventDefault()}
                  onDrop={(event) => {
                    if (item.kind !== "folder") return;
                    event.stopPropagation();
                    onDrop(event, item.folder.id);
                  }}
                  onClick={() => select(id)}
                  onDoubleClick={() => item.kind === "site" && void connect(id)}
                >
                  <Icon name={item.kind === "folder" ? "folder" : "file"} />
                  {item.kind === "site" && item.site.colour !== "none" ? (
                    <span className={`colour-dot colour-${item.site.colour}`} aria-hidden />
                  ) : null}
                  {label(item)}
                  {item.kind === "site" && item.site.secretsUnreadable ? (
                    <span
                      className="site-secrets-unreadable"
                      role="img"
                      aria-label="saved password can no longer be read"
                      title="The saved password can no longer be read: enter it again"
                    >
                      <Icon name="warning" />
                    </span>
                  ) : null}
                  {item.kind === "site" ? <span className="site-host">{item.site.host}</span> : null}
                </li>
              );
            })}
            {items.length === 0 ? <li className="muted">{search ? "No site matches." : "No sites yet."}</li> : null}
          </ul>
          <div className="site-list-buttons">
            <button
              type="button"
              onClick={() => {
                setNewSiteFolder(folderForNew);
                select("new");
              }}
            >
              New site
            </button>
            <button type="button" onClick={() => setNewFolderName("")}>
              New folder
            </button>
            <button
              type="button"
              disabled={!site}
              onClick={() => site && void run(async () => select((await call("sites.duplicate", { id: site.id })).id))}
            >
              Duplicate
            </button>
            <button type="button" disabled={!current} onClick={() => setConfirming(current)}>
              Delete
            </button>
            <label className="file-button">
              Import…
              <input
                type="file"
                accept=".xml,.ini,.json"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void importFile(file);
                  event.target.value = "";
                }}
              />
            </label>
            <button
              type="button"
              onClick={() => void run(async () => download("ferry-sites.json", (await call("sites.export", {})).content))}
            >
              Export
            </button>
          </div>
          {newFolderName !== undefined ? (
            <form
              className="inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                const name = newFolderName.trim();
                if (!name) return;
                setNewFolderName(undefined);
                void run(async () =>
                  select((await call("sites.save-folder", { name, ...(folderForNew ? { parentId: folderForNew } : {}) })).id),
                );
              }}
            >
              <label>
                Folder name
                <input autoFocus value={newFolderName} onChange={(e) => setNewFolderName(e.target.value)} />
              </label>
              <button type="submit">Create</button>
              <button type="button" onClick={() => setNewFolderName(undefined)}>
                Cancel
              </button>
            </form>
          ) : null}
          {current?.kind === "folder" ? <FolderRename key={current.folder.id} folder={current.folder} /> : null}
          {recent.length > 0 ? (
            <section aria-labelledby="recent-title" className="recent-connections">
              <h3 id="recent-title">Recent connections</h3>
              <ul>
                {recent.map((connection) => {
                  const where = `${connection.user ? `${connection.user}@` : ""}${connection.host}${connection.port ? `:${connection.port}` : ""}`;
                  return (
                    <li key={`${where}-${connection.encryption}`}>
                      <span className="recent-target">{where}</span>
                      <button type="button" aria-label={`Save as site: ${where}`} onClick={() => void saveAsSite(connection)}>
                        Save as site
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </div>
        <div className="site-details">
          {selected === "new" || site ? (
            <SiteForm
              key={site?.id ?? "new"}
              site={site}
              folderId={site ? site.folderId : newSiteFolder}
              passwordStorage={view?.passwordStorage}
              onConnect={site ? () => void connect(site.id) : undefined}
            />
          ) : (
            <p className="muted">Choose a site, or make a new one.</p>
          )}
        </div>
      </div>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="confirm-delete" className="confirm-delete">
          <p id="confirm-delete">
            Delete {confirming.kind === "folder" ? "the folder" : "the site"} “{label(confirming)}”
            {confirming.kind === "folder" ? " and every site in it" : ""}?
          </p>
          <button
            type="button"
            onClick={() => {
              const item = confirming;
              setConfirming(undefined);
              select(undefined);
              void run(() => call("sites.delete", { id: item.kind === "site" ? item.site.id : item.folder.id, kind: item.kind }));
            }}
          >
            Delete
          </button>
          <button type="button" autoFocus onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
      <div className="dialog-buttons">
        <button type="button" onClick={hide}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

function FolderRename({ folder }: { folder: SiteFolder }) {
  const run = useSitesStore((state) => state.run);
  const [name, setName] = useState(folder.name);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim())
          void run(() =>
            call("sites.save-folder", { id: folder.id, name: name.trim(), ...(folder.parentId ? { parentId: folder.parentId } : {}) }),
          );
      }}
    >
      <label>
        Folder name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit">Rename</button>
    </form>
  );
}
