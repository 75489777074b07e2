import type { ImportReport, SiteSettings } from "../../shared/site";

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
