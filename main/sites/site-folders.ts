import type { SiteFolder } from "../../shared/site";

/**
 * The site folder tree, as pure functions over the folder list. Every walk up the tree stops
 * at a folder it has seen, so that a damaged file whose folders form a cycle cannot loop.
 */

/** The folder ids from `id` up to the top, `id` first; stops at a missing parent or a cycle. */
function ancestry(folders: readonly SiteFolder[], id: string | undefined): string[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const seen: string[] = [];
  for (let current = id; current && byId.has(current) && !seen.includes(current); current = byId.get(current)?.parentId) seen.push(current);
  return seen;
}

/** True when `id` is `ancestorId` or lies somewhere inside it. */
export function isWithin(folders: readonly SiteFolder[], id: string, ancestorId: string): boolean {
  return ancestry(folders, id).includes(ancestorId);
}

/** The names of the folders from the top down to `folderId`. */
export function folderPath(folders: readonly SiteFolder[], folderId: string | undefined): string[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder.name]));
  return ancestry(folders, folderId)
    .map((id) => byId.get(id) ?? "")
    .reverse();
}

/**
 * Mends a tree read from a damaged file: a folder whose parent is missing, or whose parent link
 * closes a cycle, moves to the top level (the rest of its branch stays below it), and so does a
 * site in a folder that does not exist. Says what it moved, or nothing.
 */
export function repairFolders<S extends { folderId?: string | undefined }>(
  folders: readonly SiteFolder[],
  sites: readonly S[],
): { folders: SiteFolder[]; sites: S[]; notice?: string } {
  const byId = new Map(folders.map((folder) => [folder.id, { ...folder }]));
  const reachesTop = new Set<string>();
  let movedFolders = 0;
  for (const start of byId.values()) {
    const walked = new Set<string>();
    for (let current: SiteFolder | undefined = start; current && !reachesTop.has(current.id);) {
      walked.add(current.id);
      const parentId: string | undefined = current.parentId;
      if (parentId !== undefined && (!byId.has(parentId) || walked.has(parentId))) {
        delete current.parentId;
        movedFolders++;
      }
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
    for (const id of walked) reachesTop.add(id);
  }
  let movedSites = 0;
  const mendedSites = sites.map((site) => {
    if (site.folderId === undefined || byId.has(site.folderId)) return site;
    movedSites++;
    const top = { ...site };
    delete top.folderId;
    return top;
  });
  const mended = { folders: [...byId.values()], sites: mendedSites };
  if (movedFolders === 0 && movedSites === 0) return mended;
  const counted = (count: number, noun: string) => (count === 0 ? [] : [`${count} ${noun}${count === 1 ? "" : "s"}`]);
  const moved = [...counted(movedFolders, "folder"), ...counted(movedSites, "site")].join(" and ");
  return { ...mended, notice: `Your sites file had folders that were missing or inside themselves; ${moved} moved to the top level.` };
}
