import { X509Certificate } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { quickConnect, remote, status } from "../fixtures/quick-connect";
import { seedServerFolder } from "../../test-support/server-folder";
import { createTestCertificates, type KeyAndCertificate, type TestCertificates } from "../../test-support/test-certificates";
import { expectAccessible } from "../fixtures/accessibility";

// Servers of this spec's own, with certificates the web host does not trust; each test gets
// a fresh port, so what one test trusts does not leak into another.
let certificates: TestCertificates;
let root: string;
const servers: RunningTestServer[] = [];

test.beforeAll(async () => {
  certificates = await createTestCertificates();
  root = await mkdtemp(join(tmpdir(), "ferry-e2e-trust-"));
  await seedServerFolder(root);
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

async function serverWith(certificate: KeyAndCertificate) {
  const server = await startTestServer({ root, tls: "explicit", certificate });
  servers.push(server);
  return server;
}

const sha256 = (certificate: KeyAndCertificate) => new X509Certificate(certificate.certPem).fingerprint256;

function connect(app: Page, server: RunningTestServer) {
  return quickConnect(app, {
    port: server.port,
    user: server.user,
    password: server.password,
    encryption: "Require explicit FTP over TLS",
  });
}

async function connected(app: Page) {
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
}

async function disconnect(app: Page) {
  await app.getByRole("button", { name: "Disconnect" }).click();
  await expect(status(app)).toHaveText("Not connected");
}

test("the Unknown certificate dialog shows the certificate; Always trust connects and is not asked again", async ({ app }, testInfo) => {
  const server = await serverWith(certificates.selfSigned);
  await connect(app, server);
  const dialog = app.getByRole("dialog", { name: "Unknown certificate" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(sha256(certificates.selfSigned));
  await expect(dialog).toContainText("It is self-signed");
  await expect(dialog).toContainText(`127.0.0.1:${server.port}`);
  await expect(dialog).toContainText("ECDSA with SHA-256");
  await expect(dialog.getByRole("button", { name: "Reject" })).toBeFocused();
  await app.screenshot({ path: testInfo.outputPath("unknown-certificate.png") });
  await expectAccessible(app, { include: "dialog" });

  await app.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await dialog.getByRole("button", { name: "Copy fingerprints" }).click();
  await expect(dialog.getByText("Fingerprints copied.")).toBeVisible();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toContain(`SHA-256: ${sha256(certificates.selfSigned)}`);

  await dialog.getByRole("button", { name: "Always trust" }).click();
  await connected(app);
  await expect(status(app)).toContainText("certificate trusted by you");
  await disconnect(app);

  await connect(app, server);
  await connected(app);
  await expect(app.getByRole("dialog")).toHaveCount(0);

  await app.getByRole("button", { name: "Trusted certificates" }).click();
  const trusted = app.getByRole("dialog", { name: "Trusted certificates" });
  const row = trusted.getByRole("row", { name: new RegExp(`127\\.0\\.0\\.1:${server.port}`) });
  await expect(row).toContainText(sha256(certificates.selfSigned));
  await app.screenshot({ path: testInfo.outputPath("trusted-certificates.png") });
  await expectAccessible(app, { include: "dialog" });
  await row.getByRole("button", { name: `Remove 127.0.0.1:${server.port}` }).click();
  await expect(row).toHaveCount(0);
  await trusted.getByRole("button", { name: "Close" }).click();

  await disconnect(app);
  await connect(app, server);
  await app.getByRole("dialog", { name: "Unknown certificate" }).getByRole("button", { name: "Reject" }).click();
  await expect(app.getByRole("alert")).toContainText(`The certificate of 127.0.0.1:${server.port} was rejected`);
  await expect(status(app)).toHaveText("Not connected");
  expect(server.received().filter((command) => command === "USER")).toHaveLength(2);
});

test("the Certificate changed dialog shows both fingerprints and Escape rejects", async ({ app }, testInfo) => {
  const server = await serverWith(certificates.selfSigned);
  await connect(app, server);
  await app.getByRole("dialog", { name: "Unknown certificate" }).getByRole("button", { name: "Always trust" }).click();
  await connected(app);
  await disconnect(app);

  server.replaceCertificate(certificates.otherSelfSigned);
  const usersBefore = server.received().filter((command) => command === "USER").length;
  await connect(app, server);
  const dialog = app.getByRole("dialog", { name: "Certificate changed" });
  await expect(dialog).toContainText("someone is intercepting the connection");
  await expect(dialog.getByText(sha256(certificates.selfSigned))).toBeVisible();
  await expect(dialog.getByText(sha256(certificates.otherSelfSigned)).first()).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Reject" })).toBeFocused();
  await app.screenshot({ path: testInfo.outputPath("certificate-changed.png") });
  await expectAccessible(app, { include: "dialog" });

  await app.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(app.getByRole("alert")).toContainText("changed certificate");
  expect(server.received().filter((command) => command === "USER")).toHaveLength(usersBefore);
});

test("the certificate dialog works from the keyboard alone", async ({ app }) => {
  const server = await serverWith(certificates.selfSigned);
  await connect(app, server);
  const dialog = app.getByRole("dialog", { name: "Unknown certificate" });
  await expect(dialog.getByRole("button", { name: "Reject" })).toBeFocused();
  await app.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Accept once" })).toBeFocused();
  await app.keyboard.press("Enter");
  await connected(app);
  await expect(status(app)).toContainText("certificate accepted for this session only");
});

test("an expired certificate is marked and cannot be trusted for good", async ({ app }) => {
  const server = await serverWith(certificates.expired);
  await connect(app, server);
  const dialog = app.getByRole("dialog", { name: "Unknown certificate" });
  await expect(dialog.getByText("Expired", { exact: true })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Accept once" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Always trust" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(app.getByRole("alert")).toContainText("was rejected");
});

test("a pinned fingerprint from the TLS options connects without a dialog", async ({ app }, testInfo) => {
  const server = await serverWith(certificates.selfSigned);
  const bar = app.getByRole("form", { name: "Quick connect" });
  await bar.getByRole("button", { name: "TLS options…" }).click();
  const options = app.getByRole("dialog", { name: "TLS options" });
  const pin = options.getByLabel("Pinned SHA-256 fingerprint");
  await pin.fill("not a fingerprint");
  await expect(options.getByText("A SHA-256 fingerprint is 64 hex digits.")).toBeVisible();
  await expect(options.getByRole("button", { name: "OK" })).toBeDisabled();
  await pin.fill(sha256(certificates.selfSigned).toLowerCase());
  await app.screenshot({ path: testInfo.outputPath("tls-options.png") });
  await expectAccessible(app, { include: "dialog" });
  await options.getByRole("button", { name: "OK" }).click();
  await expect(bar.getByRole("button", { name: "TLS options (1)…" })).toBeVisible();

  await connect(app, server);
  await connected(app);
  await expect(status(app)).toContainText("certificate matches the pinned fingerprint");
  await expect(app.getByRole("dialog")).toHaveCount(0);
});
