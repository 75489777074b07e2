import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { SessionInfo } from "../../shared/domain";
import { siteDefaults, type SiteView } from "../../shared/site";
import { mainServicesForTests } from "../../test-support/main-services";
import { failure, tree } from "../../test-support/test-helpers";
import type { ServersFile } from "../servers/interop-servers";
import { interopQueue } from "./interop-queue";
import { interopSession } from "./interop-session";
import { cleanups, temporary } from "../../test-support/test-cleanups";

const { servers: file, caPem } = inject("interop");
type ActiveServer = ServersFile["activeMode"][number];

/** A session in active mode, the other mode never tried, with a transfer queue of its own. */
async function activeSession(server: ActiveServer) {
  const { sessions, info } = await interopSession(server, { dataConnectionMode: "active" }, { preferences: { tryOtherDataMode: false } });
  const { queue, copy, drained, close } = await interopQueue(sessions, info.id);
  cleanups.push(async () => {
    await close();
    sessions.closeAll();
  });
  return {
    sessions,
    info,
    log: () => sessions.log(info.id).all(),
    /** Copies the names and waits for the queue to finish: every job must be done. */
    copy: async (direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string) => {
      await copy(direction, sourceFolder, names, targetFolder);
      const jobs = await drained();
      expect(jobs.filter((job) => job.status !== "done").map((job) => [job.remotePath, job.message])).toEqual([]);
      queue.removeFinished();
      return jobs;
    },
  };
}

/** A small tree: files of several sizes and a folder in a folder. */
async function seedTree(folder: string) {
  await mkdir(join(folder, "tree", "inner", "deeper"), { recursive: true });
  await writeFile(join(folder, "tree", "big.bin"), randomBytes(3_000_000));
  await writeFile(join(folder, "tree", "inner", "note.txt"), "active mode\r\n");
  await writeFile(join(folder, "tree", "inner", "deeper", "small.bin"), randomBytes(70_000));
}

function dataCommands(log: { kind: string; text: string }[]): string[] {
  return log
    .filter((entry) => entry.kind === "command" && /^(EPRT|PORT|EPSV|PASV)\b/.test(entry.text))
    .map((entry) => entry.text.split(" ")[0]!);
}

describe.each(file.activeMode)("active mode with $name", (server) => {
  it("browses, and sends a tree up and back down byte for byte, the server connecting back each time", { timeout: 120_000 }, async () => {
    const app = await activeSession(server);
    const listing = await app.sessions.list(app.info.id, file.startPath);
    expect(listing.entries.length).toBeGreaterThan(0);
    const local = await temporary("ferry-interop-active-up-");
    await seedTree(local);
    const remoteFolder = `${file.startPath}/active-${server.port}-${Date.now()}`;
    await app.copy("upload", local, ["tree"], remoteFolder);
    const back = await temporary("ferry-interop-active-down-");
    await app.copy("download", remoteFolder, ["tree"], back);
    expect(await tree(back)).toEqual(await tree(local));
    // Only active mode was used: EPRT each time, never EPSV or PASV.
    const used = new Set(dataCommands(app.log()));
    expect(used).toEqual(new Set(["EPRT"]));
    if (server.encryption !== "plain") {
      // The browsing connection's data connections resumed the control connection's TLS session (RFC 4217).
      expect(app.log()).toContainEqual(
        expect.objectContaining({ kind: "tls", text: expect.stringMatching(/^Data connection: TLS session reused/) }),
      );
    }
  });
});

const passiveRefusers = file.activeMode.filter((server) => server.refusesPassive);

describe.each(passiveRefusers)("a site in passive mode on $name", (server) => {
  it("fails with a sentence naming the setting when the other mode may not be tried", async () => {
    const { sessions, info } = await interopSession(server, {}, { preferences: { tryOtherDataMode: false } });
    cleanups.push(() => sessions.closeAll());
    expect(await failure(sessions.list(info.id, file.startPath, false, true))).toMatchObject({
      message: expect.stringMatching(
        /^The server refused passive mode \(it answered "550 .*"\)\. Choose active mode in the site's settings/,
      ),
    });
  });

  it("switches to active mode when passive fails, and the saved site keeps active mode", { timeout: 60_000 }, async () => {
    const services = await mainServicesForTests();
    cleanups.push(async () => {
      services.rendererGone();
      await services.shutdown();
    });
    const saved = await services.router.dispatch("sites.save", {
      settings: {
        ...siteDefaults,
        name: "Active only",
        host: "127.0.0.1",
        port: server.port,
        user: file.user,
        encryption: server.encryption,
        tls: { trustedCaPem: caPem },
      },
      password: { change: "set", value: file.password },
      clientCertificate: { change: "keep" },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const site = saved.value as SiteView;
    expect(site.dataConnectionMode).toBe("passive");
    const opened = await services.router.dispatch("sites.connect", { id: site.id });
    if (!opened.ok) throw new Error(opened.error.message);
    const session = opened.value as SessionInfo;
    const listed = await services.router.dispatch("sessions.list", { sessionId: session.id, path: file.startPath, fresh: true });
    expect(listed).toMatchObject({ ok: true });
    const log = await services.router.dispatch("sessions.log", { sessionId: session.id });
    if (!log.ok) throw new Error(log.error.message);
    const entries = (log.value as { entries: { kind: string; text: string }[] }).entries;
    expect(entries).toContainEqual({
      at: expect.any(Number),
      kind: "info",
      text: "Passive mode did not work and active mode did: Ferry saved active mode in this site's settings.",
    });
    await expect
      .poll(async () => {
        const sites = await services.router.dispatch("sites.list", {});
        return sites.ok ? (sites.value as { sites: SiteView[] }).sites.find((s) => s.id === site.id)?.dataConnectionMode : undefined;
      })
      .toBe("active");
    // The next listing goes straight to active mode.
    const before = dataCommands(entries).length;
    await services.router.dispatch("sessions.list", { sessionId: session.id, path: file.startPath, fresh: true });
    const after = await services.router.dispatch("sessions.log", { sessionId: session.id });
    if (!after.ok) throw new Error(after.error.message);
    expect(dataCommands((after.value as { entries: { kind: string; text: string }[] }).entries).slice(before)).toEqual(["EPRT"]);
  });
});
