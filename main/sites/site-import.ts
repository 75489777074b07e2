import type { ImportReport, SiteSettings } from "../../shared/site";
import { fitFolderName, fitSite } from "./fit-site";

/** A site coming from another program, with where it sat in that program's folders. */
export interface ImportedSite {
  folderPath: string[];
  settings: SiteSettings;
  password?: string | undefined;
}

/** What an importer read: the sites Ferry can use, those it left out and why, and notes. */
export interface SiteImport {
  sites: ImportedSite[];
  skipped: ImportReport["skipped"];
  notes: string[];
  /** Per site, the settings that did not come along (only sites that lost something). */
  siteNotes: ImportReport["sites"];
}

/**
 * Adds a site an importer read, with what of it did not come along, once it fits what Ferry
 * saves (fit-site.ts): a site that cannot fit is listed as skipped, with why.
 */
export function addImportedSite(result: SiteImport, site: ImportedSite, notes: string[] = []): void {
  const fitted = fitSite(site.settings);
  if (!fitted.ok) {
    result.skipped.push({ name: fitted.name, reason: fitted.reason });
    return;
  }
  const folderPath = site.folderPath.map((name) => {
    const folder = fitFolderName(name);
    // Said once per import, not once for each site in that folder.
    if (folder.note && !result.notes.includes(folder.note)) result.notes.push(folder.note);
    return folder.name;
  });
  result.sites.push({ ...site, folderPath, settings: fitted.settings });
  const all = [...notes, ...fitted.notes];
  if (all.length > 0) result.siteNotes.push({ name: fitted.settings.name, notes: all });
}
