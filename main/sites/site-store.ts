import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ClientCertificateSchema, type ClientCertificate } from "../../shared/certificate";
import { EncryptionModeSchema, type ConnectRequest } from "../../shared/domain";
import { SiteFolderSchema, SiteSettingsSchema, type SiteFolder, type SiteSettings, type SitesView, type SiteView } from "../../shared/site";
import { UserFacingError } from "../errors";
import type { SecretCipher } from "../secrets/secret-cipher";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

const StoredSiteSchema = SiteSettingsSchema.extend({
  id: z.string(),
  folderId: z.string().optional(),
  /** The site's secrets, sealed by the SecretCipher: never plain text on disk. */
  secret: z.string().optional(),
});
type StoredSite = z.infer<typeof StoredSiteSchema>;

const SitesFileSchema = z.object({ version: z.literal(2), folders: z.array(SiteFolderSchema), sites: z.array(StoredSiteSchema) });
type SitesFile = z.infer<typeof SitesFileSchema>;

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

const SecretsSchema = z.object({ password: z.string().optional(), clientCertificate: ClientCertificateSchema.optional() });
type Secrets = z.infer<typeof SecretsSchema>;

export type SecretChange<T> = { change: "keep" } | { change: "forget" } | { change: "set"; value: T };

export const siteDefaults = { passiveHost: "server", encoding: "utf8", colour: "none", notes: "" } as const;

/** A stored site's settings alone: no id, no folder, no secret. */
function settingsOf(site: StoredSite): SiteSettings {
  return SiteSettingsSchema.parse(site);
}

/** A site coming from another program, with where it sat in that program's folders. */
export interface ImportedSite {
  folderPath: string[];
  settings: SiteSettings;
  password?: string | undefined;
}

function migrateFromVersion1(file: z.infer<typeof SitesFileV1Schema>): SitesFile {
  const folders: SiteFolder[] = [];
  const folderFor = (path: string | undefined): string | undefined => {
    let parentId: string | undefined;
    for (const name of (path ?? "").split("/").filter(Boolean)) {
      const existing = folders.find((folder) => folder.name === name && folder.parentId === parentId);
      const folder = existing ?? { id: randomUUID(), name, ...(parentId ? { parentId } : {}) };
      if (!existing) folders.push(folder);
      parentId = folder.id;
    }
    return parentId;
  };
  const sites = file.sites.map(({ folder, secret, ...old }): StoredSite => {
    const folderId = folderFor(folder);
    return { ...siteDefaults, ...old, id: randomUUID(), ...(folderId ? { folderId } : {}), ...(secret ? { secret } : {}) };
  });
  return { version: 2, folders, sites };
}

/**
 * The saved sites and their folders, in the user-data folder (JSON, versioned, written
 * atomically). A file that cannot be read is kept aside and the user is told.
 */
export class SiteStore {
  private file: SitesFile | undefined;
  private notice: string | undefined;
  /** Which secrets each site holds, learned whenever the file is read or written. */
  private readonly secretKinds = new Map<string, Set<keyof Secrets>>();

  constructor(
    private readonly path: string,
    private readonly cipher: SecretCipher,
  ) {}

  async view(): Promise<SitesView> {
    const file = await this.load();
    return {
      folders: file.folders,
      sites: file.sites.map((site) => this.toView(site)),
      ...(this.notice ? { notice: this.notice } : {}),
      passwordStorage: await this.cipher.storage(),
    };
  }

  async save(request: {
    id?: string | undefined;
    folderId?: string | undefined;
    settings: SiteSettings;
    password: SecretChange<string>;
    clientCertificate: SecretChange<ClientCertificate>;
  }): Promise<SiteView> {
    const file = await this.load();
    const existing = request.id ? this.site(request.id) : undefined;
    const secrets = existing?.secret ? await this.open(existing.secret) : {};
    const apply = <K extends keyof Secrets>(key: K, change: SecretChange<NonNullable<Secrets[K]>>) => {
      if (change.change === "forget") delete secrets[key];
      else if (change.change === "set") secrets[key] = change.value;
    };
    apply("password", request.password);
    apply("clientCertificate", request.clientCertificate);
    const folderId = request.folderId ?? existing?.folderId;
    if (folderId) this.folder(folderId);
    const site: StoredSite = {
      ...request.settings,
      id: existing?.id ?? randomUUID(),
      ...(folderId ? { folderId } : {}),
      ...(Object.keys(secrets).length > 0 ? { secret: await this.cipher.encrypt(JSON.stringify(secrets)) } : {}),
    };
    file.sites = existing ? file.sites.map((s) => (s.id === site.id ? site : s)) : [...file.sites, site];
    await this.write();
    return this.toView(site);
  }

  async saveFolder(request: { id?: string | undefined; name: string; parentId?: string | undefined }): Promise<SiteFolder> {
    const file = await this.load();
    if (request.parentId) this.folder(request.parentId);
    const folder: SiteFolder = { id: request.id ?? randomUUID(), name: request.name, ...(request.parentId ? { parentId: request.parentId } : {}) };
    if (request.id) this.folder(request.id);
    if (request.parentId && this.isWithin(request.parentId, folder.id)) throw new UserFacingError("invalid-request", "A folder cannot go inside itself.");
    file.folders = request.id ? file.folders.map((f) => (f.id === folder.id ? folder : f)) : [...file.folders, folder];
    await this.write();
    return folder;
  }

  async move(id: string, kind: "site" | "folder", parentId: string | undefined): Promise<void> {
    await this.load();
    if (parentId) this.folder(parentId);
    if (kind === "site") {
      const site = this.site(id);
      if (parentId) site.folderId = parentId;
      else delete site.folderId;
    } else {
      const folder = this.folder(id);
      if (parentId && this.isWithin(parentId, id)) throw new UserFacingError("invalid-request", "A folder cannot go inside itself.");
      if (parentId) folder.parentId = parentId;
      else delete folder.parentId;
    }
    await this.write();
  }

  async duplicate(id: string): Promise<SiteView> {
    const file = await this.load();
    const original = this.site(id);
    const copy: StoredSite = { ...original, id: randomUUID(), name: `${original.name} (copy)` };
    file.sites.push(copy);
    await this.write();
    return this.toView(copy);
  }

  /** Deletes a site, or a folder with everything in it. */
  async delete(id: string, kind: "site" | "folder"): Promise<void> {
    const file = await this.load();
    if (kind === "site") {
      this.site(id);
      file.sites = file.sites.filter((site) => site.id !== id);
    } else {
      this.folder(id);
      const doomed = new Set(file.folders.filter((folder) => this.isWithin(folder.id, id)).map((folder) => folder.id));
      file.folders = file.folders.filter((folder) => !doomed.has(folder.id));
      file.sites = file.sites.filter((site) => !site.folderId || !doomed.has(site.folderId));
    }
    await this.write();
  }

  /** What connecting to a site needs, its secrets opened: for main only, never for the renderer. */
  async connectRequest(id: string): Promise<{ request: ConnectRequest; site: SiteView }> {
    await this.load();
    const site = this.site(id);
    const secrets = site.secret ? await this.open(site.secret) : {};
    const tls = { ...site.tls, ...(secrets.clientCertificate ? { clientCertificate: secrets.clientCertificate } : {}) };
    const request: ConnectRequest = {
      host: site.host,
      ...(site.port ? { port: site.port } : {}),
      user: site.user,
      password: secrets.password ?? "",
      encryption: site.encryption,
      ...(Object.keys(tls).length > 0 ? { tls } : {}),
      ...(site.timeoutSeconds ? { timeoutMs: site.timeoutSeconds * 1000 } : {}),
      passiveHost: site.passiveHost,
      encoding: site.encoding,
      ...(site.keepAliveSeconds ? { keepAliveSeconds: site.keepAliveSeconds } : {}),
      ...(site.initialRemotePath ? { initialRemotePath: site.initialRemotePath } : {}),
    };
    return { request, site: this.toView(site) };
  }

  /** Adds sites from another program under a folder of their own (folders recreated inside it). */
  async importSites(topFolder: string, sites: ImportedSite[]): Promise<number> {
    const file = await this.load();
    const top = await this.saveFolder({ name: topFolder });
    const folderIds = new Map<string, string>();
    const folderFor = (path: string[]): string => {
      let parentId = top.id;
      path.forEach((name, depth) => {
        const key = path.slice(0, depth + 1).join("\u0000");
        let id = folderIds.get(key);
        if (!id) {
          id = randomUUID();
          folderIds.set(key, id);
          file.folders.push({ id, name, parentId });
        }
        parentId = id;
      });
      return parentId;
    };
    for (const imported of sites) {
      const secret = imported.password ? await this.cipher.encrypt(JSON.stringify({ password: imported.password })) : undefined;
      file.sites.push({ ...imported.settings, id: randomUUID(), folderId: folderFor(imported.folderPath), ...(secret ? { secret } : {}) });
    }
    await this.write();
    return sites.length;
  }

  /** Every site with its folder path and no secrets, for export. */
  async exportable(): Promise<{ folderPath: string[]; settings: SiteSettings }[]> {
    const file = await this.load();
    return file.sites.map((site) => ({ folderPath: this.folderPath(site.folderId), settings: settingsOf(site) }));
  }

  private folderPath(folderId: string | undefined): string[] {
    const path: string[] = [];
    for (let id = folderId; id; ) {
      const folder = this.file?.folders.find((f) => f.id === id);
      if (!folder) break;
      path.unshift(folder.name);
      id = folder.parentId;
    }
    return path;
  }

  private toView(site: StoredSite): SiteView {
    // Only whether a secret is saved leaves main, never the secret.
    return {
      ...settingsOf(site),
      id: site.id,
      ...(site.folderId ? { folderId: site.folderId } : {}),
      passwordSaved: this.hasSecret(site, "password"),
      clientCertificateSaved: this.hasSecret(site, "clientCertificate"),
    };
  }

  private hasSecret(site: StoredSite, key: keyof Secrets): boolean {
    return site.secret !== undefined && (this.secretKinds.get(site.id)?.has(key) ?? false);
  }

  private async open(sealed: string): Promise<Secrets> {
    return SecretsSchema.parse(JSON.parse(await this.cipher.decrypt(sealed)));
  }

  private site(id: string): StoredSite {
    const site = this.file?.sites.find((s) => s.id === id);
    if (!site) throw new UserFacingError("not-found", "That site no longer exists.");
    return site;
  }

  private folder(id: string): SiteFolder {
    const folder = this.file?.folders.find((f) => f.id === id);
    if (!folder) throw new UserFacingError("not-found", "That folder no longer exists.");
    return folder;
  }

  /** True when `id` is `ancestorId` or lies somewhere inside it. */
  private isWithin(id: string, ancestorId: string): boolean {
    for (let current: string | undefined = id; current; current = this.file?.folders.find((f) => f.id === current)?.parentId) {
      if (current === ancestorId) return true;
    }
    return false;
  }

  private async load(): Promise<SitesFile> {
    if (this.file) return this.file;
    const read = await readJsonFile(this.path, AnySitesFileSchema);
    if (read.state === "corrupt") {
      this.notice = `Your sites file could not be read (${read.reason}). It was kept as ${read.backup}; the site list starts empty.`;
    }
    const file: SitesFile = read.state !== "ok" ? { version: 2, folders: [], sites: [] } : read.value.version === 1 ? migrateFromVersion1(read.value) : read.value;
    this.file = file;
    await this.learnSecretKinds();
    return file;
  }

  private async learnSecretKinds(): Promise<void> {
    for (const site of this.file?.sites ?? []) {
      if (!site.secret) continue;
      const secrets = await this.open(site.secret).catch(() => ({}) as Secrets);
      this.secretKinds.set(site.id, new Set(Object.keys(secrets) as (keyof Secrets)[]));
    }
  }

  private async write(): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(this.file, null, 2));
    await this.learnSecretKinds();
  }
}
