import { randomUUID } from "node:crypto";
import type { DataConnectionMode } from "../../shared/active-mode";
import type { ClientCertificate } from "../../shared/certificate";
import type { ConnectRequest } from "../../shared/domain";
import { SavedSiteSettingsSchema, type SiteFolder, type SiteSettings, type SitesView, type SiteView } from "../../shared/site";
import { UserFacingError } from "../errors";
import type { SecretCipher } from "../secrets/secret-cipher";
import type { Notify } from "../storage/json-store";
import { connectRequestOf } from "./connect-request";
import type { ImportedSite } from "./site-import";
import { folderPath, isWithin } from "./site-folders";
import { changeSecrets, SiteSecrets, type SecretChange } from "./site-secrets";
import { sitesFile, type SitesFile, type SitesFileStore, type StoredSite } from "./sites-file";

/**
 * The saved sites and their folders: the sites file, the sites' sealed secrets and the folder
 * tree, tied together. Problems found on reading (a damaged file, a repaired tree, secrets that
 * no longer open) are told once through `notify`; a site whose secrets no longer open is marked
 * in its view.
 */
export class SiteStore {
  private readonly file: SitesFileStore;
  private readonly secrets: SiteSecrets;
  private loaded: Promise<SitesFile> | undefined;
  private changing: Promise<unknown> = Promise.resolve();

  constructor(
    path: string,
    private readonly cipher: SecretCipher,
    private readonly notify?: Notify,
  ) {
    this.file = sitesFile(path, notify);
    this.secrets = new SiteSecrets(cipher);
  }

  async view(): Promise<SitesView> {
    const file = await this.load();
    const { secure, description } = await this.cipher.storage();
    return {
      folders: file.folders,
      sites: file.sites.map((site) => this.toView(site)),
      passwordStorage: { secure, description },
    };
  }

  async save(request: {
    id?: string | undefined;
    folderId?: string | undefined;
    settings: SiteSettings;
    password: SecretChange<string>;
    clientCertificate: SecretChange<ClientCertificate>;
  }): Promise<SiteView> {
    return this.change(async (file) => {
      const existing = request.id ? this.site(file, request.id) : undefined;
      const folderId = request.folderId ?? existing?.folderId;
      if (folderId) this.folder(file, folderId);
      const id = existing?.id ?? randomUUID();
      const site: StoredSite = { ...request.settings, id, ...(folderId ? { folderId } : {}) };
      const current = await this.secrets.open(existing?.secret);
      const unchanged = request.password.change === "keep" && request.clientCertificate.change === "keep";
      // Secrets that no longer open are kept as they are until the user enters new ones: the old key may come back.
      const secret =
        !current && unchanged
          ? existing?.secret
          : await this.secrets.seal(id, changeSecrets(current ?? {}, request.password, request.clientCertificate));
      if (secret) site.secret = secret;
      file.sites = existing ? file.sites.map((s) => (s.id === id ? site : s)) : [...file.sites, site];
      return this.toView(site);
    });
  }

  async saveFolder(request: { id?: string | undefined; name: string; parentId?: string | undefined }): Promise<SiteFolder> {
    return this.change(async (file) => {
      if (request.parentId) this.folder(file, request.parentId);
      if (request.id) this.folder(file, request.id);
      const folder: SiteFolder = {
        id: request.id ?? randomUUID(),
        name: request.name,
        ...(request.parentId ? { parentId: request.parentId } : {}),
      };
      if (request.parentId && isWithin(file.folders, request.parentId, folder.id))
        throw new UserFacingError("invalid-request", "A folder cannot go inside itself.");
      file.folders = request.id ? file.folders.map((f) => (f.id === folder.id ? folder : f)) : [...file.folders, folder];
      return folder;
    });
  }

  async move(id: string, kind: "site" | "folder", parentId: string | undefined): Promise<void> {
    return this.change(async (file) => {
      if (parentId) this.folder(file, parentId);
      if (kind === "site") {
        const site = this.site(file, id);
        if (parentId) site.folderId = parentId;
        else delete site.folderId;
      } else {
        const folder = this.folder(file, id);
        if (parentId && isWithin(file.folders, parentId, id))
          throw new UserFacingError("invalid-request", "A folder cannot go inside itself.");
        if (parentId) folder.parentId = parentId;
        else delete folder.parentId;
      }
    });
  }

  async duplicate(id: string): Promise<SiteView> {
    return this.change(async (file) => {
      const original = this.site(file, id);
      const copy: StoredSite = { ...original, id: randomUUID(), name: `${original.name} (copy)` };
      this.secrets.copy(original.id, copy.id);
      file.sites.push(copy);
      return this.toView(copy);
    });
  }

  /** Keeps the data connection mode that worked in place of the site's own; a site deleted meanwhile is left alone. */
  async setDataConnectionMode(id: string, mode: DataConnectionMode): Promise<void> {
    return this.change(async (file) => {
      file.sites = file.sites.map((site) => (site.id === id ? { ...site, dataConnectionMode: mode } : site));
    });
  }

  /** Deletes a site, or a folder with everything in it. */
  async delete(id: string, kind: "site" | "folder"): Promise<void> {
    return this.change(async (file) => {
      if (kind === "site") {
        this.site(file, id);
        file.sites = file.sites.filter((site) => site.id !== id);
      } else {
        this.folder(file, id);
        const doomed = new Set(file.folders.filter((folder) => isWithin(file.folders, folder.id, id)).map((folder) => folder.id));
        file.folders = file.folders.filter((folder) => !doomed.has(folder.id));
        file.sites = file.sites.filter((site) => !site.folderId || !doomed.has(site.folderId));
      }
    });
  }

  /** What connecting to a site needs, its secrets opened: for main only, never for the renderer. */
  async connectRequest(id: string): Promise<{ request: ConnectRequest; site: SiteView }> {
    const site = this.site(await this.load(), id);
    // Secrets that no longer open count as none: the session asks for the password.
    const secrets = (await this.secrets.open(site.secret)) ?? {};
    return { request: connectRequestOf(site, secrets), site: this.toView(site) };
  }

  /** Adds sites from another program under a folder of their own (folders recreated inside it), in one write. */
  async importSites(topFolder: string, sites: ImportedSite[]): Promise<number> {
    return this.change(async (file) => {
      const top: SiteFolder = { id: randomUUID(), name: topFolder };
      file.folders.push(top);
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
        const id = randomUUID();
        const secret = await this.secrets.seal(id, imported.password ? { password: imported.password } : {});
        file.sites.push({ ...imported.settings, id, folderId: folderFor(imported.folderPath), ...(secret ? { secret } : {}) });
      }
      return sites.length;
    });
  }

  /** Every site with its folder path and no secrets, for export. */
  async exportable(): Promise<{ folderPath: string[]; settings: SiteSettings }[]> {
    const file = await this.load();
    return file.sites.map((site) => ({
      folderPath: folderPath(file.folders, site.folderId),
      settings: SavedSiteSettingsSchema.parse(site),
    }));
  }

  private toView(site: StoredSite): SiteView {
    // Only whether a secret is saved leaves main, never the secret.
    return {
      ...SavedSiteSettingsSchema.parse(site),
      id: site.id,
      ...(site.folderId ? { folderId: site.folderId } : {}),
      passwordSaved: this.secrets.has(site.id, "password"),
      clientCertificateSaved: this.secrets.has(site.id, "clientCertificate"),
      secretsUnreadable: this.secrets.unreadable(site.id),
    };
  }

  private site(file: SitesFile, id: string): StoredSite {
    const site = file.sites.find((s) => s.id === id);
    if (!site) throw new UserFacingError("not-found", "That site no longer exists.");
    return site;
  }

  private folder(file: SitesFile, id: string): SiteFolder {
    const folder = file.folders.find((f) => f.id === id);
    if (!folder) throw new UserFacingError("not-found", "That folder no longer exists.");
    return folder;
  }

  /**
   * Edits a copy of the file and keeps it only once it is written: a write that fails (a full
   * disk, a file Ferry may not replace) leaves the sites as they were. Changes run one at a time.
   */
  private change<R>(edit: (file: SitesFile) => R | Promise<R>): Promise<R> {
    const run = this.changing.then(async () => {
      const file = structuredClone(await this.load());
      const result = await edit(file);
      await this.file.write(file);
      this.loaded = Promise.resolve(file);
      return result;
    });
    this.changing = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<SitesFile> {
    // A load that failed (writing back a repaired tree, opening secrets) is tried again on the next call.
    this.loaded ??= this.read().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async read(): Promise<SitesFile> {
    const file = await this.file.load();
    const unreadable = await this.secrets.learn(file.sites);
    if (unreadable > 0) {
      const why = (await this.cipher.keyProblem?.()) ?? "The key that sealed them has changed.";
      const sites = unreadable === 1 ? "1 site" : `${unreadable} sites`;
      this.notify?.({ text: `Saved passwords of ${sites} could not be opened. ${why} Enter them again in the Site Manager.` });
    }
    return file;
  }
}
