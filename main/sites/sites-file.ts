import { randomUUID } from "node:crypto";
import { z } from "zod";
import { EncryptionModeSchema } from "../../shared/domain";
import { SavedSiteSettingsSchema, SiteFolderSchema, type SiteFolder } from "../../shared/site";
import { UserFacingError } from "../errors";
import { keepCopy } from "../storage/json-file";
import { JsonStore, type Notify } from "../storage/json-store";
import { fitFolderName, fitSite, whyRefused } from "./fit-site";
import { repairFolders } from "./site-folders";

export const StoredSiteSchema = SavedSiteSettingsSchema.extend({
  id: z.string(),
  folderId: z.string().optional(),
  /** The site's secrets, sealed by the SecretCipher: never plain text on disk. */
  secret: z.string().optional(),
});
export type StoredSite = z.infer<typeof StoredSiteSchema>;

const SitesFileSchema = z.object({ version: z.literal(2), folders: z.array(SiteFolderSchema), sites: z.array(StoredSiteSchema) });
export type SitesFile = z.infer<typeof SitesFileSchema>;

/** Version 1 kept a flat list, each site naming its folder as a path ("Clients/Acme"). */
const SitesFileV1Schema = z.object({
  version: z.literal(1),
  sites: z.array(
    z.object({
      name: z.string(),
      host: z.string(),
      port: z.number().int().optional(),
      encryption: EncryptionModeSchema,
      user: z.string(),
      folder: z.string().optional(),
      secret: z.string().optional(),
    }),
  ),
});

const AnySitesFileSchema = z.discriminatedUnion("version", [SitesFileSchema, SitesFileV1Schema]);
type AnySitesFile = z.infer<typeof AnySitesFileSchema>;

/**
 * Version 1 checked no limits: each site is fitted on its own (fit-site.ts), so that one out of
 * bounds is left out, named with why, instead of costing every other.
 */
function migrateFromVersion1(file: z.infer<typeof SitesFileV1Schema>): { file: SitesFile; dropped: string[] } {
  const folders: SiteFolder[] = [];
  const folderFor = (path: string | undefined): string | undefined => {
    let parentId: string | undefined;
    const names = (path ?? "").split("/").filter(Boolean);
    for (const name of names.map((segment) => fitFolderName(segment).name)) {
      const existing = folders.find((folder) => folder.name === name && folder.parentId === parentId);
      const folder = existing ?? { id: randomUUID(), name, ...(parentId ? { parentId } : {}) };
      if (!existing) folders.push(folder);
      parentId = folder.id;
    }
    return parentId;
  };
  const sites: StoredSite[] = [];
  const dropped: string[] = [];
  for (const { folder, secret, ...old } of file.sites) {
    // The schema fills in the settings version 1 did not have.
    const fitted = fitSite(old);
    if (!fitted.ok) {
      dropped.push(`${fitted.name} (${fitted.reason})`);
      continue;
    }
    const folderId = folderFor(folder);
    sites.push({ ...fitted.settings, id: randomUUID(), ...(folderId ? { folderId } : {}), ...(secret ? { secret } : {}) });
  }
  return { file: { version: 2, folders, sites }, dropped };
}

/** Why Ferry could not read `file` back, in a sentence; undefined when it could. */
function whyNotReadBack(file: SitesFile): string | undefined {
  const issue = SitesFileSchema.safeParse(file).error?.issues[0];
  if (!issue) return undefined;
  const [list, index, setting] = issue.path;
  const site = list === "sites" && typeof index === "number" ? file.sites[index] : undefined;
  const folder = list === "folders" && typeof index === "number" ? file.folders[index] : undefined;
  const what = site ? `the site “${site.name}”` : folder ? `the folder “${folder.name}”` : "the file";
  return `Your sites were not saved: ${what} could not be read back, as ${whyRefused(issue, setting)}. The saved sites are as they were.`;
}

const emptySitesFile: SitesFile = { version: 2, folders: [], sites: [] };

/** The saved sites file: read once per run (migrated and repaired), replaced atomically on each write. */
export interface SitesFileStore {
  load(): Promise<SitesFile>;
  write(file: SitesFile): Promise<void>;
}

/**
 * The sites file at `path`, in a JSON store: a file that cannot be read is kept aside and the
 * list starts empty; a folder tree that is damaged is repaired and written back. Either is told
 * through `notify`. A file Ferry could not read back is never written: it would cost every site
 * at the next start.
 */
export function sitesFile(path: string, notify?: Notify): SitesFileStore {
  const store = new JsonStore<AnySitesFile>({
    path,
    schema: AnySitesFileSchema,
    initial: emptySitesFile,
    label: "Your sites",
    afresh: "the site list starts empty",
    notify,
  });
  const write = async (file: SitesFile) => {
    const why = whyNotReadBack(file);
    if (why) throw new UserFacingError("invalid-request", why);
    await store.write(file);
  };
  return {
    async load() {
      const read = await store.read();
      const { file, dropped } = read.version === 1 ? migrateFromVersion1(read) : { file: read, dropped: [] };
      // Always new lists: the site store changes what it loaded before writing it, never the stored value (nor `initial`).
      const { folders, sites, notice } = repairFolders(file.folders, file.sites);
      const mended: SitesFile = { version: 2, folders, sites };
      if (dropped.length > 0) {
        // Written back once the old file is copied, so that the notice is told once and the sites left out are not lost.
        const copy = await keepCopy(path, "version-1");
        if (copy) await write(mended);
        const count = dropped.length === 1 ? "1 of your sites" : `${dropped.length} of your sites`;
        notify?.({
          text: `${count} could not be read and ${dropped.length === 1 ? "was" : "were"} left out: ${dropped.join("; ")}.`,
          ...(copy ? { detail: `Your sites file as it was is kept as ${copy}.` } : {}),
        });
      } else if (notice) {
        await write(mended);
      }
      if (notice) notify?.({ text: notice });
      return mended;
    },
    write,
  };
}
