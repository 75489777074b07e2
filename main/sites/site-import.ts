import type { ImportReport } from "../../shared/site";
import type { ImportedSite } from "./site-store";

/** What an importer read: the sites Ferry can use, those it left out and why, and notes. */
export interface SiteImport {
  sites: ImportedSite[];
  skipped: ImportReport["skipped"];
  notes: string[];
}
