import { z } from "zod";
import { SavedSiteSettingsSchema } from "../../shared/site";
import { UserFacingError } from "../errors";
import { addImportedSite, type SiteImport } from "./site-import";

const ExportFileSchema = z.object({
  format: z.literal("ferry-sites"),
  version: z.literal(1),
  // A site saved (and exported) before hosts were checked is read as saved, then skipped with why (site-import.ts).
  sites: z.array(z.object({ folderPath: z.array(z.string()), settings: SavedSiteSettingsSchema })),
});
type ExportFile = z.infer<typeof ExportFileSchema>;

/** Ferry's own export: every site with its folder path, and no password, key or passphrase. */
export function exportSites(sites: ExportFile["sites"]): string {
  return JSON.stringify({ format: "ferry-sites", version: 1, sites } satisfies ExportFile, null, 2);
}

export function importFerry(content: string): SiteImport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new UserFacingError("invalid-request", "This is not a Ferry sites export: it is not JSON.");
  }
  const file = ExportFileSchema.safeParse(parsed);
  if (!file.success)
    throw new UserFacingError(
      "invalid-request",
      `This is not a Ferry sites export: ${file.error.issues[0]?.message ?? "unexpected content"}.`,
    );
  const result: SiteImport = { sites: [], skipped: [], notes: [], siteNotes: [] };
  for (const site of file.data.sites) addImportedSite(result, site);
  return result;
}
