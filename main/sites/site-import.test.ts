import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { siteDefaults, type SiteFolder, type SitesView } from "../../shared/site";
import { mainServicesForTests } from "../../test-support/main-services";
import { KeyFileCipher } from "../secrets/secret-cipher";
import { SiteStore } from "./site-store";

const keep = { change: "keep" } as const;
const running: { shutdown(): Promise<void>; rendererGone(): void }[] = [];

afterEach(async () => {
  for (const services of running.splice(0)) {
    services.rendererGone();
    await services.shutdown();
  }
});

/** Ferry with two saved sites, and a way to start it again on the same data folder. */
async function ferryWithSites() {
  const services = await mainServicesForTests();
  running.push(services);
  for (const name of ["Existing one", "Existing two"]) {
    const saved = await services.router.dispatch("sites.save", {
      settings: { ...siteDefaults, name, host: `${name.split(" ")[1]}.example.com` },
      password: keep,
      clientCertificate: keep,
    });
    expect(saved.ok).toBe(true);
  }
  const restart = async (): Promise<{ view: SitesView; notices: string[] }> => {
    services.rendererGone();
    await services.shutdown();
    running.splice(running.indexOf(services), 1);
    const notices: string[] = [];
    const sites = new SiteStore(join(services.dataPath, "sites.json"), new KeyFileCipher(join(services.dataPath, "secret.key")), (notice) =>
      notices.push(notice.text),
    );
    return { view: await sites.view(), notices };
  };
  return { services, restart };
}

const pathOf = (folders: SiteFolder[], folderId: string | undefined): string[] => {
  const folder = folders.find((f) => f.id === folderId);
  return folder ? [...pathOf(folders, folder.parentId), folder.name] : [];
};

const server = (elements: Record<string, string>) =>
  `<Server>${Object.entries(elements)
    .map(([element, value]) => `<${element}>${value}</${element}>`)
    .join("")}</Server>`;

describe("importing sites past Ferry's limits", () => {
  it("from FileZilla clips long names and notes, skips what cannot be clipped, and keeps every existing site", async () => {
    const { services, restart } = await ferryWithSites();
    const ftp = { Host: "ftp.example.com", Protocol: "0", Logontype: "1", User: "u" };
    const longName = "N".repeat(250);
    const xml =
      `<FileZilla3><Servers>` +
      server({ ...ftp, Name: "Long notes", Comments: "c".repeat(12_000) }) +
      server({ ...ftp, Name: longName }) +
      server({ ...ftp, Name: "Long user", User: "u".repeat(300) }) +
      server({ ...ftp, Name: "Long account", Logontype: "4", Account: "a".repeat(300) }) +
      `<Folder>${"F".repeat(300)}${server({ ...ftp, Name: "Deep" })}</Folder>` +
      `</Servers></FileZilla3>`;

    const report = await services.router.dispatch("sites.import", { format: "filezilla", content: xml });
    const clippedName = `${"N".repeat(199)}…`;
    expect(report).toEqual({
      ok: true,
      value: {
        imported: 3,
        skipped: [
          { name: "Long user", reason: "its user name is longer than Ferry's 256 characters" },
          { name: "Long account", reason: "its account is longer than Ferry's 256 characters" },
        ],
        notes: ["A folder name longer than 200 characters was shortened."],
        sites: [
          { name: "Long notes", notes: ["notes shortened to 10000 characters"] },
          { name: clippedName, notes: ["name shortened to 200 characters"] },
        ],
      },
    });
    expect((await services.router.dispatch("sites.list", {})).ok).toBe(true);

    const { view, notices } = await restart();
    expect(notices).toEqual([]);
    expect(view.sites.map((site) => [site.name, pathOf(view.folders, site.folderId)])).toEqual([
      ["Existing one", []],
      ["Existing two", []],
      ["Long notes", ["Imported from FileZilla"]],
      [clippedName, ["Imported from FileZilla"]],
      ["Deep", ["Imported from FileZilla", `${"F".repeat(199)}…`]],
    ]);
    expect(view.sites[2]?.notes).toBe(`${"c".repeat(9_999)}…`);
  });

  it("from WinSCP names a folder with no name “Folder” and keeps every existing site", async () => {
    const { services, restart } = await ferryWithSites();
    const ini = "[Sessions\\Work//site]\nHostName=ftp.example.com\nFSProtocol=5\nUserName=deploy\n";

    const report = await services.router.dispatch("sites.import", { format: "winscp", content: ini });
    expect(report).toEqual({
      ok: true,
      value: { imported: 1, skipped: [], notes: ["A folder with no name was named “Folder”."], sites: [] },
    });

    const { view, notices } = await restart();
    expect(notices).toEqual([]);
    expect(view.sites.map((site) => [site.name, pathOf(view.folders, site.folderId)])).toEqual([
      ["Existing one", []],
      ["Existing two", []],
      ["site", ["Imported from WinSCP", "Work", "Folder"]],
    ]);
  });

  it("from a Ferry export names a folder with no name “Folder” and keeps every existing site", async () => {
    const { services, restart } = await ferryWithSites();
    const content = JSON.stringify({
      format: "ferry-sites",
      version: 1,
      sites: [{ folderPath: [""], settings: { name: "Exported", host: "ftp.example.com" } }],
    });

    const report = await services.router.dispatch("sites.import", { format: "ferry", content });
    expect(report).toMatchObject({ ok: true, value: { imported: 1, notes: ["A folder with no name was named “Folder”."] } });

    const { view, notices } = await restart();
    expect(notices).toEqual([]);
    expect(view.sites.map((site) => [site.name, pathOf(view.folders, site.folderId)])).toEqual([
      ["Existing one", []],
      ["Existing two", []],
      ["Exported", ["Imported sites", "Folder"]],
    ]);
  });
});
