import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { startTestServer, type RunningTestServer } from "../fixtures/ftp-test-server";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { createTestCertificates, type TestCertificates } from "../fixtures/test-certificates";

// Each test gets a server of its own (some slowed down, to act mid-transfer) and a local
// folder beside the test HOME, so that other specs' listings stay as they expect.
let certificates: TestCertificates;
const servers: RunningTestServer[] = [];
const folders: string[] = [];

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function setUp(app: Page, home: string, bytesPerSecond?: number) {
  const serverRoot = await mkdtemp(join(tmpdir(), "ferry-e2e-queue-server-"));
  const localName = `transfers-${randomBytes(4).toString("hex")}`;
  const localFolder = join(dirname(home), localName);
  await mkdir(localFolder);
  folders.push(serverRoot, localFolder);
  const server = await startTestServer({ root: serverRoot, tls: "explicit", certificate: certificates.server, ...(bytesPerSecond ? { bytesPerSecond } : {}) });
  servers.push(server);
  return {
    server,
    serverRoot,
    localFolder,
    /** Connects (accepting the test certificate once) and opens the local folder. */
    async open() {
      await quickConnect(app, { port: server.port, user: server.user, password: server.password, encryption: "Require explicit FTP over TLS" });
      await app.getByRole("dialog", { name: "Unknown certificate" }).getByRole("button", { name: "Accept once" }).click();
      await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
      const grid = localPane(app).getByRole("grid");
      await grid.focus();
      await app.keyboard.press("Home");
      await app.keyboard.press("Enter");
      await grid.getByRole("row", { name: new RegExp(localName) }).dblclick();
      await expect(localPane(app).getByLabel("Local path")).toHaveText(localFolder);
    },
  };
}

const localPane = (app: Page) => app.getByRole("region", { name: "Local" });
const queue = (app: Page) => app.getByRole("region", { name: "Transfer queue" });
const jobRow = (app: Page, name: string) => queue(app).getByRole("row", { name: new RegExp(name.replace(".", "\\.")) });

test("F5 uploads the marked files, and the queue shows them finishing", async ({ app, world }) => {
  const scene = await setUp(app, world.home);
  await writeFile(join(scene.localFolder, "a.txt"), "first");
  await writeFile(join(scene.localFolder, "b.txt"), "not this one");
  await writeFile(join(scene.localFolder, "c.bin"), randomBytes(200_000));
  await scene.open();

  const grid = localPane(app).getByRole("grid");
  await grid.focus();
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await expect(grid.getByRole("row", { selected: true })).toHaveCount(2);
  await app.keyboard.press("F5");

  await expect(jobRow(app, "a.txt")).toContainText("Done");
  await expect(jobRow(app, "c.bin")).toContainText("Done");
  await expect(jobRow(app, "c.bin")).toContainText("195 KB");
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText("All transfers finished");
  await expect(remote(app).getByRole("row", { name: /c\.bin/ })).toBeVisible();
  expect((await readdir(scene.serverRoot)).sort()).toEqual(["a.txt", "c.bin"]);
  expect(await readFile(join(scene.serverRoot, "a.txt"), "utf8")).toBe("first");
});

test("a large download can be paused and resumed from the queue", async ({ app, world }, testInfo) => {
  const scene = await setUp(app, world.home, 1_000_000);
  const content = randomBytes(4_000_000);
  await writeFile(join(scene.serverRoot, "video.mp4"), content);
  await scene.open();

  await remote(app).getByRole("row", { name: /video\.mp4/ }).click();
  await app.keyboard.press("F5");
  const row = jobRow(app, "video.mp4");
  await expect(row).toContainText("Transferring");
  await expect(row).toContainText(/\/s/);
  await app.screenshot({ path: testInfo.outputPath("queue-mid-transfer.png") });

  await queue(app).getByRole("button", { name: "Pause all" }).click();
  await expect(row).toContainText("Paused");
  expect(await readdir(scene.localFolder)).toEqual(["video.mp4.filepart"]);
  await queue(app).getByRole("button", { name: "Resume all" }).click();
  await expect(row).toContainText("Done", { timeout: 20_000 });
  expect((await readFile(join(scene.localFolder, "video.mp4"))).equals(content)).toBe(true);
});

test("an existing target asks, and Rename keeps both", async ({ app, world }, testInfo) => {
  const scene = await setUp(app, world.home);
  await writeFile(join(scene.serverRoot, "report.txt"), "the server's report");
  await writeFile(join(scene.localFolder, "report.txt"), "mine");
  await scene.open();

  await remote(app).getByRole("row", { name: /report\.txt/ }).click();
  await app.keyboard.press("F5");
  const dialog = app.getByRole("dialog", { name: "File exists" });
  await expect(dialog).toContainText("19 B");
  await expect(dialog).toContainText("4 B");
  await expect(dialog.getByLabel("New name (for Rename)")).toHaveValue("report (1).txt");
  await app.screenshot({ path: testInfo.outputPath("overwrite-dialog.png") });
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(jobRow(app, "report.txt")).toContainText("Done");
  expect((await readdir(scene.localFolder)).sort()).toEqual(["report (1).txt", "report.txt"]);
  expect(await readFile(join(scene.localFolder, "report.txt"), "utf8")).toBe("mine");
  expect(basename(scene.localFolder)).toMatch(/^transfers-/);
});

test("closing a tab with a transfer still running asks first", async ({ app, world }) => {
  const scene = await setUp(app, world.home, 500_000);
  await writeFile(join(scene.serverRoot, "slow.bin"), randomBytes(4_000_000));
  await scene.open();
  await remote(app).getByRole("row", { name: /slow\.bin/ }).click();
  await app.keyboard.press("F5");
  await expect(jobRow(app, "slow.bin")).toContainText("Transferring");

  await app.getByRole("button", { name: "Disconnect" }).click();
  const ask = app.getByRole("dialog", { name: "Close tab" });
  await expect(ask).toContainText("1 transfer to 127.0.0.1 is not finished");
  await ask.getByRole("button", { name: "Keep the tab" }).click();
  await expect(app.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(1);
  await expect(jobRow(app, "slow.bin")).toContainText("Transferring");

  await app.getByRole("button", { name: "Disconnect" }).click();
  await ask.getByRole("button", { name: "Close and cancel transfers" }).click();
  await expect(jobRow(app, "slow.bin")).toContainText("Cancelled");
  await expect(app.getByRole("tablist", { name: "Sessions" })).toHaveCount(0);
  expect(await readdir(scene.localFolder)).toEqual([]);
});
