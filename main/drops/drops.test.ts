import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommandName, CommandRequest, CommandResponse } from "../../shared/contract";
import { startTestServer } from "../../test-support/ftp-test-server";
import { trustedRequest } from "../../test-support/connect-requests";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure, sha256, tree } from "../../test-support/test-helpers";
import { UserFacingError } from "../errors";
import { mainServicesForTests } from "../../test-support/main-services";

const serverRoot = await mkdtemp(join(tmpdir(), "ferry-drops-server-"));
const certificates = await createTestCertificates();
const server = await startTestServer({ root: serverRoot, tls: "explicit", certificate: certificates.server });
const dataPath = await mkdtemp(join(tmpdir(), "ferry-drops-data-"));
const temporary = join(dataPath, "temporary");
// A temporary folder an earlier run left behind, which no job needs.
const leftover = join(temporary, randomUUID());
await mkdir(leftover, { recursive: true });
await writeFile(join(leftover, "stale.bin"), "old");

/** What the desktop was asked to drag: Electron's startDrag is the one part that cannot run here. */
const dragged: string[][] = [];
const services = await mainServicesForTests({ dataPath, startDrag: (paths) => dragged.push(paths), dragOutKeepMs: 2500 });
afterAll(async () => {
  await services.shutdown();
  services.rendererGone();
  await server.close();
});

/** A command through the router, as the renderer sends it; failures come back as the user's error. */
async function command<C extends CommandName>(channel: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
  const result = await services.router.dispatch(channel, request);
  if (!result.ok) throw new UserFacingError(result.error.code, result.error.message);
  return result.value as CommandResponse<C>;
}

async function queueDrained() {
  await expect
    .poll(async () => (await command("transfers.list", { view: "queued", from: 0, count: 0 })).summary.active, {
      timeout: 20_000,
      interval: 50,
    })
    .toBe(0);
}

const session = await command("sessions.open", trustedRequest(server, certificates.ca.certPem));
const onServer = { side: "remote", sessionId: session.id } as const;

async function remoteFolder(name: string) {
  await mkdir(join(serverRoot, name));
  return { path: `/${name}`, disk: join(serverRoot, name) };
}

async function localFolder() {
  return mkdtemp(join(tmpdir(), "ferry-drops-local-"));
}

describe("files dropped from the desktop", () => {
  it("are queued by path: uploaded to the server, or copied into a local folder, from several folders at once", async () => {
    const desktop = await localFolder();
    await mkdir(join(desktop, "photos", "2026"), { recursive: true });
    await mkdir(join(desktop, "elsewhere"));
    const photo = randomBytes(300_000);
    await writeFile(join(desktop, "photos", "2026", "beach.jpg"), photo);
    await writeFile(join(desktop, "elsewhere", "notes.txt"), "notes");
    const paths = [join(desktop, "photos"), join(desktop, "elsewhere", "notes.txt")];
    const expected = { photos: "folder", "photos/2026": "folder", "photos/2026/beach.jpg": sha256(photo), "notes.txt": sha256("notes") };

    const target = await remoteFolder("dropped-paths");
    expect(await command("drops.paths", { target: onServer, folder: target.path, paths })).toEqual({ added: 2 });
    await queueDrained();
    expect(await tree(target.disk)).toEqual(expected);

    const local = await localFolder();
    await command("drops.paths", { target: { side: "local" }, folder: local, paths });
    await queueDrained();
    expect(await tree(local)).toEqual(expected);
    // A copy, not a move: the desktop keeps its files.
    expect(await readdir(desktop)).toEqual(["elsewhere", "photos"]);
    expect(await failure(command("drops.paths", { target: { side: "local" }, folder: local, paths: ["relative/path.txt"] }))).toMatchObject(
      { code: "invalid-request" },
    );
    expect(
      await failure(
        command("drops.paths", { target: { side: "local" }, folder: join(desktop, "photos", "2026"), paths: [join(desktop, "photos")] }),
      ),
    ).toMatchObject({
      message: "Cannot copy “photos” into itself.",
    });
  });

  it("arrive as chunks of content (web host), are uploaded, and their temporary copy goes once done", async () => {
    const content = randomBytes(2_500_000);
    const { dropId } = await command("drops.begin", {});
    await command("drops.write", { kind: "folder", dropId, path: "site/empty" });
    for (let offset = 0; offset < content.length; offset += 1024 * 1024) {
      const data = content.subarray(offset, offset + 1024 * 1024).toString("base64");
      await command("drops.write", { kind: "file", dropId, path: "site/big.bin", offset, data });
    }
    await command("drops.write", { kind: "file", dropId, path: "readme.txt", offset: 0, data: Buffer.from("read me").toString("base64") });
    // A repeated or skipped chunk would corrupt the file: it is refused.
    expect(await failure(command("drops.write", { kind: "file", dropId, path: "readme.txt", offset: 0, data: "AAAA" }))).toMatchObject({
      code: "invalid-request",
    });
    expect(await readdir(temporary)).toContain(dropId);

    const target = await remoteFolder("dropped-contents");
    expect(await command("drops.queue", { dropId, target: onServer, folder: target.path })).toEqual({ added: 2 });
    await queueDrained();
    expect(await tree(target.disk)).toEqual({
      "readme.txt": sha256("read me"),
      site: "folder",
      "site/empty": "folder",
      "site/big.bin": sha256(content),
    });
    await expect.poll(() => readdir(temporary)).not.toContain(dropId);
    // The drop is closed: later chunks for it are refused.
    expect(await failure(command("drops.write", { kind: "file", dropId, path: "late.txt", offset: 0, data: "" }))).toMatchObject({
      code: "not-found",
    });
  });

  it("refuses paths that climb out of the drop, and forged drop ids", async () => {
    const { dropId } = await command("drops.begin", {});
    for (const path of ["../escape.txt", "a/../../b", "/etc/passwd", "a\\..\\b", "bad\u0001name"]) {
      expect(await failure(command("drops.write", { kind: "file", dropId, path, offset: 0, data: "" }))).toMatchObject({
        code: "invalid-request",
      });
    }
    expect(await failure(command("drops.write", { kind: "file", dropId: randomUUID(), path: "a.txt", offset: 0, data: "" }))).toMatchObject(
      { code: "not-found" },
    );
    await command("drops.cancel", { dropId });
    expect(await readdir(temporary)).not.toContain(dropId);
  });

  it("leaves nothing behind from an earlier run", async () => {
    await expect.poll(() => readdir(temporary)).not.toContain(leftover.split("/").pop());
  });
});

describe("dragging out to the desktop", () => {
  it("drags local items as they are", async () => {
    const folder = await localFolder();
    expect(await command("drag-out.start", { side: "local", folder, names: ["a.txt", "b"] })).toEqual({ state: "started" });
    expect(dragged.at(-1)).toEqual([join(folder, "a.txt"), join(folder, "b")]);
  });

  it("downloads server items to a temporary copy first, refuses a selection over the limit, and removes the copy later", async () => {
    const folder = await remoteFolder("drag-out");
    await mkdir(join(folder.disk, "docs"));
    await writeFile(join(folder.disk, "docs", "a.pdf"), randomBytes(40_000));
    await writeFile(join(folder.disk, "small.txt"), "small");
    await writeFile(join(folder.disk, "huge.iso"), randomBytes(200_000));
    await command("preferences.set", { dragOutLimit: 100_000 });

    const before = dragged.length;
    const tooLarge = await command("drag-out.start", {
      side: "remote",
      sessionId: session.id,
      folder: folder.path,
      names: ["huge.iso", "small.txt"],
    });
    expect(tooLarge).toMatchObject({ state: "too-large", limit: 100_000 });
    expect(dragged.length).toBe(before);

    expect(
      await command("drag-out.start", { side: "remote", sessionId: session.id, folder: folder.path, names: ["docs", "small.txt"] }),
    ).toEqual({ state: "started" });
    const paths = dragged.at(-1) ?? [];
    expect(
      paths.map((path) =>
        path
          .slice(temporary.length + 1)
          .split("/")
          .slice(1)
          .join("/"),
      ),
    ).toEqual(["docs", "small.txt"]);
    expect(await readFile(paths[1] ?? "", "utf8")).toBe("small");
    expect(await tree(paths[0] ?? "")).toEqual({ "a.pdf": sha256(await readFile(join(folder.disk, "docs", "a.pdf"))) });
    const copy = paths[0]?.split("/").at(-2) ?? "";
    const dragStarted = Date.now();
    // The desktop may still be copying after the drop: the copy stays a while, also through the next drag out…
    await command("drag-out.start", { side: "remote", sessionId: session.id, folder: folder.path, names: ["small.txt"] });
    await command("transfers.remove-finished", {});
    // Long enough for the sweep after that drag's job, short of the while.
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (Date.now() - dragStarted < 2500) expect(await readdir(temporary)).toContain(copy);
    // …and goes with the first job to end after that while.
    await new Promise((resolve) => setTimeout(resolve, 2600 - (Date.now() - dragStarted)));
    await command("drag-out.start", { side: "remote", sessionId: session.id, folder: folder.path, names: ["small.txt"] });
    await expect.poll(() => readdir(temporary)).not.toContain(copy);
  });

  it("is refused where the host cannot drag to the desktop", async () => {
    const web = await mainServicesForTests();
    expect(await web.router.dispatch("app.info", {})).toMatchObject({ ok: true, value: { canDragOut: false } });
    expect(await web.router.dispatch("drag-out.start", { side: "local", folder: "/tmp", names: ["a"] })).toMatchObject({
      ok: false,
      error: { message: "Dragging to the desktop works in the desktop app, not in a browser." },
    });
    await web.shutdown();
  });
});
