import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SiteViewSchema } from "../../shared/site";
import { trustedRequest } from "../../test-support/connect-requests";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { sha256 } from "../../test-support/test-helpers";
import { siteEditPolicy } from "../sessions/open-session";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { ConnectionPool } from "./connection-pool";
import { SpeedLimit, SpeedLimits } from "./speed-limit";

const { certificates, cleanups, fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** A limit on a clock the test moves by hand. */
function onClock() {
  let now = 0;
  const limit = new SpeedLimit(() => now);
  return { limit, advance: (ms: number) => (now += ms) };
}

/** Feeds `bytes` through the limit in pieces as one taker would, sleeping as told; gives the seconds it took. */
function secondsFor(bytes: number, clock: ReturnType<typeof onClock>, takers = 1): number {
  let left = bytes;
  let elapsed = 0;
  while (left > 0) {
    // Takers that share the limit each take a piece in turn; the waits they are given run side by side.
    let longest = 0;
    for (let t = 0; t < takers && left > 0; t++) {
      const piece = Math.min(left, clock.limit.piece());
      left -= piece;
      longest = Math.max(longest, clock.limit.take(piece));
    }
    clock.advance(longest);
    elapsed += longest;
  }
  return elapsed / 1000;
}

describe("a speed limit", () => {
  it("lets bytes through at its rate on average, whatever the size of the pieces", () => {
    const clock = onClock();
    clock.limit.setRate(100_000);
    expect(secondsFor(1_000_000, clock)).toBeCloseTo(10, 0);
    expect(clock.limit.take(1_000_000)).toBeGreaterThan(9_900);
  });

  it("is shared: three transfers at once pass no more than the one rate together", () => {
    const clock = onClock();
    clock.limit.setRate(300_000);
    expect(secondsFor(3_000_000, clock, 3)).toBeCloseTo(10, 0);
  });

  it("does nothing while off, and a change applies to the next piece", () => {
    const clock = onClock();
    expect(clock.limit.take(10_000_000)).toBe(0);
    expect(clock.limit.piece()).toBe(Infinity);
    clock.limit.setRate(10_000);
    expect(clock.limit.piece()).toBe(1024);
    secondsFor(50_000, clock);
    clock.limit.setRate(1_000_000);
    // What the slow rate still owed is forgiven down to a tenth of a second at the new one.
    expect(clock.limit.take(clock.limit.piece())).toBeLessThanOrEqual(200);
    clock.limit.setRate(0);
    expect(clock.limit.take(1_000_000)).toBe(0);
  });

  it("does not save up: an idle minute buys a tenth of a second at full speed, no more", () => {
    const clock = onClock();
    clock.limit.setRate(100_000);
    clock.advance(60_000);
    expect(clock.limit.take(10_000)).toBe(0);
    expect(clock.limit.take(10_000)).toBeCloseTo(100, 0);
  });
});

describe("speed limits on real transfers", () => {
  // Measured over about 5 s of each direction: never more than 10 % faster than the limit; the
  // upper bound leaves room for connecting and planning on a busy machine.
  const limitKBps = 400;
  const bytes = 2_000_000;
  const expectedSeconds = bytes / (limitKBps * 1000);

  it("holds downloads and uploads to the limit, two transfers at once sharing it, and the files arrive whole", async () => {
    const app = await ferry(fast, { preferences: { parallel: 2, downloadLimit: limitKBps, uploadLimit: limitKBps } });
    const local = await localFolder();
    const remote = await remoteFolder("limited");
    const halves = [randomBytes(bytes / 2), randomBytes(bytes / 2)];
    await writeFile(join(remote.disk, "a.bin"), halves[0]!);
    await writeFile(join(remote.disk, "b.bin"), halves[1]!);

    let started = performance.now();
    await app.add("download", remote.path, ["a.bin", "b.bin"], local);
    expect(statusOf(await app.drained())).toEqual(["done", "done"]);
    const downSeconds = (performance.now() - started) / 1000;
    expect(downSeconds).toBeGreaterThan(expectedSeconds * 0.9);
    expect(downSeconds).toBeLessThan(expectedSeconds * 1.1 + 2.5);
    expect(sha256(await readFile(join(local, "a.bin")))).toBe(sha256(halves[0]!));

    const back = await remoteFolder("limited-back");
    started = performance.now();
    await app.add("upload", local, ["a.bin", "b.bin"], back.path);
    expect(statusOf(await app.drained())).toEqual(["done", "done", "done", "done"]);
    const upSeconds = (performance.now() - started) / 1000;
    expect(upSeconds).toBeGreaterThan(expectedSeconds * 0.9);
    expect(upSeconds).toBeLessThan(expectedSeconds * 1.1 + 2.5);
    expect(sha256(await readFile(join(back.disk, "b.bin")))).toBe(sha256(halves[1]!));
  });

  it("follows a change while a transfer runs: lifting the limit lets a slow download finish at once", async () => {
    const app = await ferry(fast, { preferences: { downloadLimit: 50 } });
    const local = await localFolder();
    const remote = await remoteFolder("lifted");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(5_000_000));
    await app.add("download", remote.path, ["big.bin"], local);
    // At 50 KB/s this would take 100 s; it is under way when the limit goes.
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(50_000);
    const started = performance.now();
    await app.preferences.set({ downloadLimit: 0 });
    expect(statusOf(await app.drained(20_000))).toEqual(["done"]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe("the limit a site's transfers share", () => {
  const pool = (overrides?: { downloadLimit?: number; uploadLimit?: number }) =>
    new ConnectionPool({ site: "u@example.test:21", connect: () => Promise.reject(new Error("no connections here")), overrides });

  it("is the queue's, unless the site sets one of its own for that direction (0: none for this site)", () => {
    const queue = new SpeedLimits();
    queue.apply({ downloadLimit: 100, uploadLimit: 100 });
    expect(pool().limitOf("download", queue)).toBe(queue.download);
    const site = pool({ downloadLimit: 30, uploadLimit: 0 });
    expect(site.limitOf("download", queue)).toBe(site.ownLimits.download);
    expect(site.limitOf("download", queue).bytesPerSecond).toBe(30_000);
    expect(site.limitOf("upload", queue)).toBe(site.ownLimits.upload);
    expect(site.limitOf("upload", queue).bytesPerSecond).toBe(0);
  });

  it("follows an edit of the site: a new limit, or back to the queue's", () => {
    const queue = new SpeedLimits();
    const site = pool({ downloadLimit: 30 });
    const bucket = site.limitOf("download", queue);
    site.replaceConnector({
      site: "u@example.test:21",
      connect: () => Promise.reject(new Error("none")),
      overrides: { downloadLimit: 60 },
    });
    // The same bucket, so that the transfers that share it go on sharing it.
    expect(site.limitOf("download", queue)).toBe(bucket);
    expect(bucket.bytesPerSecond).toBe(60_000);
    site.replaceConnector({ site: "u@example.test:21", connect: () => Promise.reject(new Error("none")) });
    expect(site.limitOf("download", queue)).toBe(queue.download);
  });
});

describe("a saved site's own speed limits on real transfers", () => {
  it("hold the site's download to its limit while the queue has none", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    const remote = await remoteFolder("site-limited");
    await writeFile(join(remote.disk, "c.bin"), randomBytes(1_000_000));
    const started = performance.now();
    await app.queue.add({
      connector: { ...app.connector, overrides: { downloadLimit: 400 } },
      direction: "download",
      move: false,
      sourceFolder: remote.path,
      names: ["c.bin"],
      targetFolder: local,
    });
    expect(statusOf(await app.drained())).toEqual(["done"]);
    const seconds = (performance.now() - started) / 1000;
    // 2.5 s at 400 KB/s.
    expect(seconds).toBeGreaterThan(2.5 * 0.9);
    expect(seconds).toBeLessThan(2.5 * 1.1 + 2.5);
  });

  it("follow an edit of the site while a download runs, added as the renderer adds it: 0 lifts the limit for that site", async () => {
    const app = await ferry(fast, { preferences: { downloadLimit: 500 } });
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(trustedRequest(fast, certificates.ca.certPem, { timeoutMs: 10_000 }));
    cleanups.push(() => sessions.closeAll());
    // What opening the saved site does (openSessionPolicy).
    app.queue.registerSite(sessions.useSiteSettings(info.id, { siteId: "slow-site", overrides: { downloadLimit: 50 } }));
    const local = await localFolder();
    const remote = await remoteFolder("site-lifted");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(5_000_000));
    // transfers.add passes the session's connector, which keeps the site's settings.
    await app.queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: false,
      sourceFolder: remote.path,
      names: ["big.bin"],
      targetFolder: local,
    });
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(50_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // At the site's 50 KB/s, not the queue's 500.
    expect(app.queue.list().jobs[0]?.speed ?? 0).toBeLessThan(100_000);
    const started = performance.now();
    siteEditPolicy(
      sessions,
      app.queue,
    )(
      SiteViewSchema.parse({
        id: "slow-site",
        name: "Slow",
        host: "127.0.0.1",
        passwordSaved: false,
        clientCertificateSaved: false,
        secretsUnreadable: false,
        transfers: { downloadLimit: 0 },
      }),
    );
    expect(statusOf(await app.drained(20_000))).toEqual(["done"]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
