import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { siteDefaults, type SiteSettings } from "../../shared/site";
import { startTestServer } from "../../test-support/ftp-test-server";
import { seedServerFolder } from "../../test-support/server-folder";
import { createTestCertificates } from "../../test-support/test-certificates";
import { KeyFileCipher, type SecretCipher } from "../secrets/secret-cipher";
import type { NoticeText } from "../storage/json-store";
import { SiteStore } from "./site-store";
import { mainServicesForTests } from "../../test-support/main-services";

const settings = (name: string, extra: Partial<SiteSettings> = {}): SiteSettings => ({
  ...siteDefaults,
  name,
  host: "ftp.example.com",
  encryption: "explicit-required",
  user: "web",
  ...extra,
});
const keep = { change: "keep" } as const;

async function store(cipher?: SecretCipher) {
  const dir = await mkdtemp(join(tmpdir(), "ferry-sites-"));
  const path = join(dir, "sites.json");
  const sealer = cipher ?? new KeyFileCipher(join(dir, "secret.key"));
  const notices: string[] = [];
  const details: (string | undefined)[] = [];
  const notify = (notice: NoticeText) => {
    notices.push(notice.text);
    details.push(notice.detail);
  };
  return { dir, path, cipher: sealer, notices, details, open: (withCipher = sealer) => new SiteStore(path, withCipher, notify) };
}

describe("the site store", () => {
  it("keeps sites and folders across restarts, with the password sealed and never shown", async () => {
    const { dir, path, open } = await store();
    const sites = open();
    const folder = await sites.saveFolder({ name: "Clients" });
    const saved = await sites.save({
      folderId: folder.id,
      settings: settings("Acme", { port: 2121, notes: "café" }),
      password: { change: "set", value: "hunter2-secret" },
      clientCertificate: keep,
    });
    expect(saved).toMatchObject({ name: "Acme", folderId: folder.id, passwordSaved: true, clientCertificateSaved: false });
    expect(saved).not.toHaveProperty("password");

    const reopened = open();
    const view = await reopened.view();
    expect(view.folders).toEqual([folder]);
    expect(view.sites).toEqual([saved]);
    expect(JSON.stringify(view)).not.toContain("hunter2");
    const onDisk = await readFile(path, "utf8");
    expect(onDisk).not.toContain("hunter2");
    expect(JSON.parse(onDisk)).toMatchObject({ version: 2 });
    expect((await stat(join(dir, "secret.key"))).mode & 0o777).toBe(0o600);
    expect((await reopened.connectRequest(saved.id)).request).toMatchObject({
      host: "ftp.example.com",
      port: 2121,
      user: "web",
      password: "hunter2-secret",
    });
  });

  it("seals secrets only through the cipher port", async () => {
    const sealed: string[] = [];
    const cipher: SecretCipher = {
      storage: async () => ({ secure: false, description: "test" }),
      encrypt: async (plain) => {
        sealed.push(plain);
        return Buffer.from(plain).toString("hex");
      },
      decrypt: async (text) => Buffer.from(text, "hex").toString(),
    };
    const { path, open } = await store(cipher);
    const sites = open();
    const site = await sites.save({ settings: settings("Mine"), password: { change: "set", value: "pw" }, clientCertificate: keep });
    expect(sealed).toEqual([JSON.stringify({ password: "pw" })]);
    expect(await readFile(path, "utf8")).toContain(Buffer.from(sealed[0] as string).toString("hex"));
    expect((await sites.view()).passwordStorage).toEqual({ secure: false, description: "test" });
    await sites.save({ id: site.id, settings: settings("Mine"), password: { change: "forget" }, clientCertificate: keep });
    expect((await sites.connectRequest(site.id)).request.password).toBe("");
  });

  it("renames, moves, duplicates, and deletes folders with everything inside", async () => {
    const { open } = await store();
    const sites = open();
    const outer = await sites.saveFolder({ name: "Outer" });
    const inner = await sites.saveFolder({ name: "Inner", parentId: outer.id });
    const site = await sites.save({ folderId: inner.id, settings: settings("Deep"), password: keep, clientCertificate: keep });
    await expect(sites.move(outer.id, "folder", inner.id)).rejects.toThrow("cannot go inside itself");
    await sites.move(site.id, "site", undefined);
    const copy = await sites.duplicate(site.id);
    expect(copy.name).toBe("Deep (copy)");
    await sites.move(copy.id, "site", inner.id);
    await sites.saveFolder({ id: inner.id, name: "Renamed", parentId: outer.id });
    await sites.delete(outer.id, "folder");
    const view = await sites.view();
    expect(view.folders).toEqual([]);
    expect(view.sites.map((s) => s.name)).toEqual(["Deep"]);
  });

  it("keeps the sites as they were when a change cannot be written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ferry-sites-unwritable-"));
    const data = join(dir, "data");
    const sites = new SiteStore(join(data, "sites.json"), new KeyFileCipher(join(dir, "secret.key")));
    const kept = await sites.save({ settings: settings("Kept"), password: keep, clientCertificate: keep });
    // A file where the data folder was: no write can land.
    await rm(data, { recursive: true });
    await writeFile(data, "not a folder");
    await expect(sites.save({ settings: settings("Lost"), password: keep, clientCertificate: keep })).rejects.toThrow();
    await expect(sites.delete(kept.id, "site")).rejects.toThrow();
    await expect(sites.saveFolder({ name: "Lost too" })).rejects.toThrow();
    const view = await sites.view();
    expect(view.sites.map((site) => site.name)).toEqual(["Kept"]);
    expect(view.folders).toEqual([]);
  });

  it("migrates a version 1 file, folders from paths", async () => {
    const { path, open } = await store();
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        sites: [
          { name: "Old", host: "old.example.com", encryption: "implicit", user: "u", folder: "Work/Legacy" },
          { name: "Top", host: "top.example.com", encryption: "plain", user: "" },
        ],
      }),
    );
    const view = await open().view();
    expect(view.folders.map((f) => f.name)).toEqual(["Work", "Legacy"]);
    const legacy = view.folders.find((f) => f.name === "Legacy");
    expect(legacy?.parentId).toBe(view.folders.find((f) => f.name === "Work")?.id);
    expect(view.sites).toMatchObject([
      { name: "Old", folderId: legacy?.id, encryption: "implicit", passiveHost: "server", encoding: "auto", colour: "none" },
      { name: "Top", encryption: "plain" },
    ]);
  });

  it("migrates a version 1 file whose sites break Ferry's limits: repairs what it can, leaves out the rest and says which", async () => {
    const { dir, path, open, notices, details } = await store();
    const original = JSON.stringify({
      version: 1,
      sites: [
        { name: "Good", host: "good.example.com", encryption: "implicit", user: "u", folder: "Work" },
        { name: "", host: "nameless.example.com", encryption: "plain", user: "u" },
        { name: "Port zero", host: "zero.example.com", port: 0, encryption: "plain", user: "u" },
        { name: "L".repeat(250), host: "long.example.com", encryption: "plain", user: "u", folder: ` /${"F".repeat(300)}` },
        { name: "Long user", host: "user.example.com", encryption: "plain", user: "u".repeat(300), folder: "Only for it" },
        { name: "No host", host: " ", encryption: "plain", user: "u" },
      ],
    });
    await writeFile(path, original);
    const sites = open();
    const view = await sites.view();
    expect(view.sites.map((site) => [site.name, site.port])).toEqual([
      ["Good", undefined],
      ["nameless.example.com", undefined],
      ["Port zero", undefined],
      [`${"L".repeat(199)}…`, undefined],
    ]);
    expect(view.folders.map((folder) => folder.name)).toEqual(["Work", "Folder", `${"F".repeat(199)}…`]);
    expect(notices).toEqual([
      "2 of your sites could not be read and were left out: Long user (its user name is longer than Ferry's 256 characters); No host (its host name is empty).",
    ]);
    expect(details).toEqual([expect.stringMatching(/^Your sites file as it was is kept as .*sites\.json\.version-1-\S+\.$/)]);
    const copy = (await readdir(dir)).find((name) => name.startsWith("sites.json.version-1-")) as string;
    expect(await readFile(join(dir, copy), "utf8")).toBe(original);

    // Every sites command works, and the next start has nothing more to say.
    await sites.save({ settings: settings("After"), password: keep, clientCertificate: keep });
    const restarted = await open().view();
    expect(restarted.sites.map((site) => site.name)).toEqual([...view.sites.map((site) => site.name), "After"]);
    expect(notices.length).toBe(1);
  });

  it("refuses a write Ferry could not read back, and leaves the file and every site as they were", async () => {
    const { path, open, notices } = await store();
    const sites = open();
    await sites.save({ settings: settings("Kept"), password: keep, clientCertificate: keep });
    const before = await readFile(path, "utf8");
    await expect(
      sites.importSites("Imported", [{ folderPath: [], settings: settings("Too long", { user: "u".repeat(300) }) }]),
    ).rejects.toThrow(
      "Your sites were not saved: the site “Too long” could not be read back, as its user name is longer than Ferry's 256 characters. The saved sites are as they were.",
    );
    expect(await readFile(path, "utf8")).toBe(before);
    expect((await sites.view()).sites.map((site) => site.name)).toEqual(["Kept"]);
    expect((await open().view()).sites.map((site) => site.name)).toEqual(["Kept"]);
    expect(notices).toEqual([]);
  });

  it("keeps a corrupt file aside, says so, and starts empty without overwriting it", async () => {
    const { dir, path, open, notices, details } = await store();
    await writeFile(path, "{ this is not json");
    const sites = open();
    expect((await sites.view()).sites).toEqual([]);
    expect(notices).toEqual(["Your sites could not be read (it is not valid JSON), so the site list starts empty."]);
    expect(details).toEqual([expect.stringMatching(/^The file was kept as .*sites\.json\.corrupt-\S+\.$/)]);
    await sites.save({ settings: settings("After"), password: keep, clientCertificate: keep });
    const backup = (await readdir(dir)).find((name) => name.startsWith("sites.json.corrupt-")) as string;
    expect(await readFile(join(dir, backup), "utf8")).toBe("{ this is not json");
  });
});

describe("a damaged sites file", () => {
  it("whose folders form cycles or point at missing parents is repaired once, with a notice, and loses nothing", async () => {
    const { path, open, notices } = await store();
    const folder = (id: string, parentId?: string) => ({ id, name: `Folder ${id}`, ...(parentId ? { parentId } : {}) });
    const site = (name: string, folderId?: string) => ({ ...settings(name), id: `site-${name}`, ...(folderId ? { folderId } : {}) });
    const damaged = {
      version: 2,
      folders: [
        folder("a", "c"),
        folder("b", "a"),
        folder("c", "b"),
        folder("self", "self"),
        folder("d", "gone"),
        folder("e", "d"),
        folder("fine"),
      ],
      sites: [site("InCycle", "b"), site("Lost", "nowhere"), site("Deep", "e")],
    };
    await writeFile(path, JSON.stringify(damaged));
    const sites = open();
    const view = await sites.view();
    expect(view.folders.map((f) => f.id).sort()).toEqual(["a", "b", "c", "d", "e", "fine", "self"]);
    const parentOf = new Map(view.folders.map((f) => [f.id, f.parentId]));
    for (const { id } of view.folders) {
      const seen = new Set<string>();
      for (let current: string | undefined = id; current; current = parentOf.get(current)) {
        expect(seen.has(current), `folder ${id} still loops`).toBe(false);
        expect(parentOf.has(current), `folder ${id} hangs below a missing folder`).toBe(true);
        seen.add(current);
      }
    }
    expect(parentOf.get("self")).toBeUndefined();
    expect(parentOf.get("d")).toBeUndefined();
    expect(parentOf.get("e")).toBe("d");
    expect(view.sites.map((s) => [s.name, s.folderId])).toEqual([
      ["InCycle", "b"],
      ["Lost", undefined],
      ["Deep", "e"],
    ]);
    expect(notices).toEqual([
      expect.stringMatching(
        /^Your sites file had folders that were missing or inside themselves; 3 folders and 1 site moved to the top level\.$/,
      ),
    ]);

    // The tree works again: moving, deleting and exporting end.
    await sites.move("a", "folder", "fine");
    await expect(sites.move("b", "folder", "c")).rejects.toThrow("cannot go inside itself");
    await sites.delete("d", "folder");
    expect((await sites.exportable()).map((s) => s.settings.name)).toEqual(["InCycle", "Lost"]);

    // The repair was written: the next start has nothing to say.
    const before = notices.length;
    await open().view();
    expect(notices.length).toBe(before);
  });
});

describe("a damaged secret.key", () => {
  it("is kept aside and reported once; its sites ask for their password again and save a new one", async () => {
    const { dir, path, open, notices } = await store();
    const first = open();
    const site = await first.save({
      settings: settings("Sealed"),
      password: { change: "set", value: "old-secret" },
      clientCertificate: keep,
    });
    await first.save({ settings: settings("Plain"), password: keep, clientCertificate: keep });
    await writeFile(join(dir, "secret.key"), "this is not a key");

    const damaged = open(new KeyFileCipher(join(dir, "secret.key")));
    const view = await damaged.view();
    await damaged.view();
    expect(view.sites.map((s) => [s.name, s.passwordSaved, s.secretsUnreadable])).toEqual([
      ["Sealed", false, true],
      ["Plain", false, false],
    ]);
    expect(notices).toEqual([
      expect.stringMatching(
        /^Saved passwords of 1 site could not be opened\. The key file .* was damaged; it was kept as secret\.key\.damaged-\S+ beside it, and a new key was made\. Enter them again/,
      ),
    ]);
    const aside = (await readdir(dir)).find((name) => name.startsWith("secret.key.damaged-")) as string;
    expect(await readFile(join(dir, aside), "utf8")).toBe("this is not a key");
    // Connecting asks for the password instead of failing.
    expect((await damaged.connectRequest(site.id)).request.password).toBe("");

    // Renaming it keeps the sealed secret as it was (the old key may yet be mended)…
    const sealedBefore = JSON.parse(await readFile(path, "utf8")).sites[0].secret;
    await damaged.save({ id: site.id, settings: settings("Sealed again"), password: keep, clientCertificate: keep });
    expect(JSON.parse(await readFile(path, "utf8")).sites[0].secret).toBe(sealedBefore);
    // …and entering the password saves it under the new key.
    const mended = await damaged.save({
      id: site.id,
      settings: settings("Sealed again"),
      password: { change: "set", value: "new-secret" },
      clientCertificate: keep,
    });
    expect(mended).toMatchObject({ passwordSaved: true, secretsUnreadable: false });

    const restarted = open(new KeyFileCipher(join(dir, "secret.key")));
    expect((await restarted.connectRequest(site.id)).request.password).toBe("new-secret");
    expect(notices.length).toBe(1);
  });

  it("that is a folder is moved aside too, and passwords can be saved", async () => {
    const { dir, open } = await store();
    await mkdir(join(dir, "secret.key"));
    const sites = open(new KeyFileCipher(join(dir, "secret.key")));
    const site = await sites.save({ settings: settings("New"), password: { change: "set", value: "pw" }, clientCertificate: keep });
    expect((await sites.connectRequest(site.id)).request.password).toBe("pw");
    expect((await stat(join(dir, "secret.key"))).isFile()).toBe(true);
  });
});

describe("knowing which secrets a site has", () => {
  it("costs no decryption when listing, and none for other sites when one is saved", async () => {
    let opened = 0;
    const inner = new KeyFileCipher(join(await mkdtemp(join(tmpdir(), "ferry-key-")), "secret.key"));
    const counting: SecretCipher = {
      storage: () => inner.storage(),
      encrypt: (plain) => inner.encrypt(plain),
      decrypt: (sealed) => (opened++, inner.decrypt(sealed)),
    };
    const { open } = await store(counting);
    const sites = open();
    const saved = [];
    for (const name of ["One", "Two", "Three"])
      saved.push(await sites.save({ settings: settings(name), password: { change: "set", value: name }, clientCertificate: keep }));
    await sites.view();
    expect(opened).toBe(0);
    await sites.save({ id: saved[0]?.id, settings: settings("One"), password: keep, clientCertificate: keep });
    expect((await sites.view()).sites.every((s) => s.passwordSaved)).toBe(true);
    expect(opened).toBe(1);
    // A new run learns them once.
    await open().view();
    expect(opened).toBe(4);
  });
});

describe("connecting to a saved site", () => {
  it("goes through the same path as quick connect, with the saved password and initial folder", async () => {
    const root = await mkdtemp(join(tmpdir(), "ferry-site-server-"));
    await seedServerFolder(root);
    const certificates = await createTestCertificates();
    const server = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
    const services = await mainServicesForTests();
    try {
      const saved = await services.router.dispatch("sites.save", {
        settings: {
          ...settings("Local test", {
            host: "127.0.0.1",
            port: server.port,
            user: server.user,
            initialRemotePath: "/docs",
            tls: { trustedCaPem: certificates.ca.certPem },
          }),
        },
        password: { change: "set", value: server.password },
        clientCertificate: keep,
      });
      if (!saved.ok) throw new Error(saved.error.message);
      const opened = await services.router.dispatch("sites.connect", { id: (saved.value as { id: string }).id });
      expect(opened).toMatchObject({
        ok: true,
        // The tab is named after the site it came from.
        value: { host: "127.0.0.1", startPath: "/docs", security: { encrypted: true, trust: "verified" }, siteName: "Local test" },
      });
    } finally {
      services.rendererGone();
      await services.shutdown();
      await server.close();
    }
  });
});
