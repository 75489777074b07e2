import type { SiteFolder, SiteView } from "../shared/site";

/** The Site manager's tree as a list: what each row is, and how deep it sits. */
export type TreeItem =
  | { kind: "folder"; folder: SiteFolder; depth: number }
  | { kind: "site"; site: SiteView; depth: number }
  | { kind: "draft"; name: string; depth: number };

export type SavedItem = Exclude<TreeItem, { kind: "draft" }>;

/** The tree's id of the new site being made: it is in the tree from the start, not saved yet. */
export const draftId = "new";

export const idOf = (item: TreeItem) => (item.kind === "site" ? item.site.id : item.kind === "folder" ? item.folder.id : draftId);

/**
 * Folders first, then sites, each by name, then the new site; a search shows matching sites with
 * their folders. `unsaved`: the site whose form holds changes not saved, which a search never
 * hides (hiding it would take its form, and the changes, away).
 */
export function flatten(
  folders: SiteFolder[],
  sites: SiteView[],
  search: string,
  draft: { folderId?: string | undefined; name: string } | undefined,
  unsaved?: string,
): TreeItem[] {
  const needle = search.trim().toLowerCase();
  const matches = (site: SiteView) =>
    !needle || site.id === unsaved || site.name.toLowerCase().includes(needle) || site.host.toLowerCase().includes(needle);
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
    if (draft && draft.folderId === parentId) {
      items.push({ kind: "draft", name: draft.name, depth });
      any = true;
    }
    return any;
  };
  walk(undefined, 0);
  // A new site whose folder went (or is hidden by the search) still shows, at the end.
  if (draft && !items.some((item) => item.kind === "draft")) items.push({ kind: "draft", name: draft.name, depth: 0 });
  return items;
}
