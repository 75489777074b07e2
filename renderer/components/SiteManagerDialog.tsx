import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { hostAndPort } from "../../shared/host-address";
import type { ImportReport, SiteFolder } from "../../shared/site";
import { draftId, flatten, idOf, type SavedItem, type TreeItem } from "../site-tree";
import { call } from "../transport/bridge";
import { usePanesStore } from "../stores/panes-store";
import { useSessionStore } from "../stores/session-store";
import { useSitesStore } from "../stores/sites-store";
import { Icon } from "./Icon";
import { newSiteName, SiteForm, siteFormId } from "./SiteForm";
import { ModalDialog } from "./ModalDialog";

function download(name: string, content: string) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([content], { type: "application/json" }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Saved sites in folders: create, edit, organise, import, export, and connect (Ctrl+S). */
export function SiteManagerDialog() {
  const { view, selected, error, report, recent, edit, leaving, saves } = useSitesStore(
    useShallow((state) => ({
      view: state.view,
      selected: state.selected,
      error: state.error,
      report: state.report,
      recent: state.recent,
      edit: state.edit,
      leaving: state.leaving,
      saves: state.saves,
    })),
  );
  const { hide, select, run, saveAsSite, importFile, leave, answerLeaving } = useSitesStore(
    useShallow((state) => ({
      hide: state.hide,
      select: state.select,
      run: state.run,
      saveAsSite: state.saveAsSite,
      importFile: state.importFile,
      leave: state.leave,
      answerLeaving: state.answerLeaving,
    })),
  );
  const tree = useRef<HTMLUListElement>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState("");
  const [confirming, setConfirming] = useState<SavedItem | undefined>(undefined);
  const [newFolderName, setNewFolderName] = useState<string | undefined>(undefined);
  /** Where "New site" was pressed: the new site goes into that folder. */
  const [newSiteFolder, setNewSiteFolder] = useState<string | undefined>(undefined);

  const draftName = edit?.name.trim() || newSiteName;
  const unsaved = edit?.dirty ? selected : undefined;
  const items = useMemo(
    () =>
      view
        ? flatten(
            view.folders,
            view.sites,
            search,
            selected === draftId ? { folderId: newSiteFolder, name: draftName } : undefined,
            unsaved,
          )
        : [],
    [view, search, selected, newSiteFolder, draftName, unsaved],
  );
  const current = items.find((item) => idOf(item) === selected);
  const site = current?.kind === "site" ? current.site : undefined;
  const folderForNew = current?.kind === "folder" ? current.folder.id : current?.kind === "draft" ? newSiteFolder : site?.folderId;

  /** Chooses another item of the tree; unsaved changes ask first. */
  const choose = (id: string | undefined) => {
    if (id !== selected) leave(() => select(id));
  };

  async function connect(id: string) {
    const opened = await useSessionStore.getState().connectSite(id);
    const chosen = useSitesStore.getState().view?.sites.find((s) => s.id === id);
    hide();
    if (opened) await usePanesStore.getState().showSession(opened.startPath, chosen?.initialLocalPath);
  }

  /** Connect in the footer: the changes are saved first, as FileZilla's Connect does. */
  async function connectToCurrent() {
    const id = edit?.dirty ? await edit.save() : site?.id;
    if (id) await connect(id);
  }

  function onTreeKey(event: KeyboardEvent<HTMLUListElement>) {
    const index = items.findIndex((item) => item === current);
    const move = (to: number) => {
      const item = items[Math.max(0, Math.min(items.length - 1, to))];
      if (item) choose(idOf(item));
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Enter" && current) void connectToCurrent();
    else if (event.key === "Delete" && current) removeItem(current);
    else return;
    event.preventDefault();
  }

  /** Delete: a new site that was never saved just goes; anything saved is confirmed first. */
  function removeItem(item: TreeItem) {
    if (item.kind === "draft") select(undefined);
    else setConfirming(item);
  }

  function onDrop(event: DragEvent, folderId: string | undefined) {
    event.preventDefault();
    const id = event.dataTransfer.getData("application/x-ferry-site");
    if (id) void run(() => call("sites.move", { id, kind: "site", ...(folderId ? { parentId: folderId } : {}) }));
  }

  const label = (item: TreeItem): string => (item.kind === "site" ? item.site.name : item.kind === "folder" ? item.folder.name : item.name);
  return (
    <ModalDialog
      labelledBy="site-manager-title"
      className="site-manager"
      onCancel={() => (confirming ? setConfirming(undefined) : leaving ? void answerLeaving("cancel") : leave(hide))}
    >
      <h2 id="site-manager-title">Site manager</h2>
      {error ? (
        <p role="alert" className="dialog-notice">
          {error}
        </p>
      ) : null}
      {report ? <ImportReportView report={report} /> : null}
      <div className="site-manager-body">
        <div className="site-list">
          <input
            type="search"
            placeholder="Search by name or host"
            aria-label="Search sites"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          {items.length === 0 ? (
            // Not a tree: a tree holds only its items.
            <p className="site-tree site-tree-empty muted">{search ? "No site matches." : "No sites yet."}</p>
          ) : (
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
                const id = idOf(item);
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
                    onClick={() => choose(id)}
                    onDoubleClick={() => item.kind === "site" && leave(() => void connect(id))}
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
                    {item.kind === "draft" ? <span className="site-host">not saved yet</span> : null}
                  </li>
                );
              })}
            </ul>
          )}
          <div className="site-list-buttons">
            <button
              type="button"
              onClick={() =>
                leave(() => {
                  setNewSiteFolder(folderForNew);
                  select(draftId);
                })
              }
            >
              New site
            </button>
            <button type="button" onClick={() => setNewFolderName("")}>
              New folder
            </button>
            <button
              type="button"
              disabled={!site}
              onClick={() => site && leave(() => void run(async () => select((await call("sites.duplicate", { id: site.id })).id)))}
            >
              Duplicate
            </button>
            <button type="button" disabled={!current} onClick={() => current && removeItem(current)}>
              Delete
            </button>
            <button type="button" onClick={() => importInput.current?.click()}>
              Import…
            </button>
            <input
              ref={importInput}
              type="file"
              accept=".xml,.ini,.json"
              hidden
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void importFile(file);
                event.target.value = "";
              }}
            />
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
                leave(
                  () =>
                    void run(async () =>
                      select((await call("sites.save-folder", { name, ...(folderForNew ? { parentId: folderForNew } : {}) })).id),
                    ),
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
                  const where = `${connection.user ? `${connection.user}@` : ""}${hostAndPort(connection.host, connection.port)}`;
                  return (
                    <li key={`${where}-${connection.encryption}`}>
                      <span className="recent-target">{where}</span>
                      <button type="button" aria-label={`Save as site: ${where}`} onClick={() => leave(() => void saveAsSite(connection))}>
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
          {selected === draftId || site ? (
            <SiteForm
              key={`${site?.id ?? draftId}-${saves}`}
              site={site}
              folderId={site ? site.folderId : newSiteFolder}
              passwordStorage={view?.passwordStorage}
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
      {leaving ? <UnsavedQuestion name={edit?.name.trim() || newSiteName} /> : null}
      <div className="dialog-buttons site-manager-footer">
        <button type="submit" form={siteFormId} disabled={!edit?.valid} className="button-default">
          Save
        </button>
        <button type="button" disabled={!edit?.valid} onClick={() => void connectToCurrent()}>
          Connect
        </button>
        <button type="button" onClick={() => leave(hide)}>
          Cancel
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

/** Asked before unsaved changes would go: closing, or choosing another item. Save is the default. */
function UnsavedQuestion({ name }: { name: string }) {
  const answerLeaving = useSitesStore((state) => state.answerLeaving);
  return (
    <div role="alertdialog" aria-labelledby="unsaved-question" className="confirm-delete unsaved-question">
      <p id="unsaved-question">Save the changes to “{name}”?</p>
      <button type="button" autoFocus className="button-default" onClick={() => void answerLeaving("save")}>
        Save
      </button>
      <button type="button" onClick={() => void answerLeaving("discard")}>
        Discard
      </button>
      <button type="button" onClick={() => void answerLeaving("cancel")}>
        Cancel
      </button>
    </div>
  );
}

/** What an import brought, what it left out, and per site what did not come along. */
function ImportReportView({ report }: { report: ImportReport }) {
  return (
    // Focusable: a long report scrolls, and the keyboard must reach it.
    <div role="status" className="import-report" tabIndex={0}>
      Imported {report.imported} {report.imported === 1 ? "site" : "sites"}.
      {report.skipped.length > 0 ? ` Skipped: ${report.skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}.` : ""}
      {report.notes.map((note) => ` ${note}`).join("")}
      {report.sites.length > 0 ? (
        <ul className="import-report-sites">
          {report.sites.map((site, index) => (
            <li key={`${index}-${site.name}`}>
              <strong>{site.name}</strong>: {site.notes.join("; ")}.
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
