import type { sitesContract, SiteView } from "../../shared/site";
import type { DomainHandlers } from "../router/router";
import type { OpenSession } from "../sessions/open-session";
import { exportSites } from "./ferry-export";
import { importers } from "./importers";
import type { RecentConnections } from "./recent-connections";
import type { SiteStore } from "./site-store";

/** The Site Manager's commands: saved sites and their folders, connecting, import, export and recent connections. */
export function sitesCommands(
  sites: SiteStore,
  recent: RecentConnections,
  openSession: OpenSession,
  /** A site was saved: sessions opened from it take its new transfer settings. */
  onSaved: (site: SiteView) => void,
): DomainHandlers<typeof sitesContract> {
  return {
    "sites.list": () => sites.view(),
    "sites.save": async (request) => {
      const site = await sites.save(request);
      onSaved(site);
      return site;
    },
    "sites.save-folder": (request) => sites.saveFolder(request),
    "sites.move": async ({ id, kind, parentId }) => {
      await sites.move(id, kind, parentId);
      return {};
    },
    "sites.duplicate": ({ id }) => sites.duplicate(id),
    "sites.delete": async ({ id, kind }) => {
      await sites.delete(id, kind);
      return {};
    },
    "sites.connect": async ({ id }) => {
      const { request, site } = await sites.connectRequest(id);
      const session = await openSession(request, {
        siteId: site.id,
        parallel: site.parallel,
        maxConnections: site.maxConnections,
        overrides: site.transfers,
      });
      return { ...session, siteId: site.id, siteName: site.name };
    },
    "sites.import": async ({ format, content }) => {
      const importer = importers[format];
      const read = importer.read(content);
      const imported = read.sites.length > 0 ? await sites.importSites(importer.folderName, read.sites) : 0;
      return { imported, skipped: read.skipped, notes: read.notes, sites: read.siteNotes };
    },
    "sites.export": async () => ({ content: exportSites(await sites.exportable()) }),
    "sites.recent": async () => ({ connections: await recent.list() }),
  };
}
