import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { freePort } from "../../test-support/free-port";
import { startRecordingProxy, startSilentServer } from "../../test-support/recording-proxy";
import { seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { connectRequest, defineSessionSuite, type SessionTarget } from "../../test-support/session-suite";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";

const root = await mkdtemp(join(tmpdir(), "ferry-sessions-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const running: RunningTestServer[] = [];
async function server(tls: "none" | "explicit" | "implicit", certificate = certificates.server) {
  const started = await startTestServer({ root, tls, certificate });
  running.push(started);
  return started;
}

const explicit = await server("explicit");
const implicit = await server("implicit");
const plain = await server("none");

afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

const target = (name: string, s: RunningTestServer, encryption: SessionTarget["encryption"]): SessionTarget => ({
  name,
  encryption,
  port: s.port,
  user: s.user,
  password: s.password,
  trustedCaPem: certificates.ca.certPem,
  startPath: "/",
});

defineSessionSuite(() => [
  target("ftp-srv explicit TLS", explicit, "explicit-required"),
  target("ftp-srv implicit TLS", implicit, "implicit"),
  target("ftp-srv plain FTP", plain, "plain"),
]);

describe("a server without TLS", () => {
  it("is refused under 'Require explicit', and no user name or password crosses the wire", async () => {
    const proxy = await startRecordingProxy(plain.port);
    const { sessions } = sessionManagerForTests();
    const error = await failure(sessions.open(connectRequest(target("plain", plain, "explicit-required"), { port: proxy.port })));
    await proxy.close();
    expect(error.code).toBe("tls-unavailable");
    expect(error.message).toMatch(/does not support FTP over TLS.*sent no user name or password/);
    expect(proxy.sent()).toContain("AUTH TLS");
    expect(proxy.sent()).not.toMatch(/USER|PASS|s3cret-pass/);
  });

  it("connects under 'explicit if available' with a visible warning", async () => {
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(connectRequest(target("plain", plain, "explicit-if-available")));
    try {
      expect(info.security.encrypted).toBe(false);
      expect(info.security.encrypted === false && info.security.warning).toMatch(/unencrypted/);
      expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    } finally {
      sessions.closeAll();
    }
  });
});

describe("servers that cannot be reached", () => {
  it("says the connection was refused", async () => {
    const port = await freePort();
    const { sessions } = sessionManagerForTests();
    const error = await failure(sessions.open(connectRequest(target("nobody", plain, "plain"), { port })));
    expect(error).toMatchObject({ code: "connection-refused", message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it("gives up on a server that never answers", async () => {
    const silent = await startSilentServer();
    const { sessions } = sessionManagerForTests();
    const started = Date.now();
    const error = await failure(sessions.open(connectRequest(target("silent", plain, "plain"), { port: silent.port, timeoutMs: 500 })));
    await silent.close();
    expect(error.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives up on a TLS handshake that never finishes", async () => {
    const silent = await startSilentServer({ agreeToTls: true });
    const { sessions } = sessionManagerForTests();
    const error = await failure(
      sessions.open(connectRequest(target("stuck", plain, "explicit-required"), { port: silent.port, timeoutMs: 500 })),
    );
    await silent.close();
    expect(error).toMatchObject({ code: "timeout", message: expect.stringContaining("did not finish connecting in time") });
  });
});

describe("credentials", () => {
  it("asks for the password when only a user is given, and uses the answer", async () => {
    const { sessions, prompts, messages } = sessionManagerForTests();
    const opening = sessions.open(connectRequest(target("prompted", explicit, "explicit-required"), { password: "" }));
    await expect.poll(() => messages.length).toBe(1);
    const prompt = messages[0];
    expect(prompt).toMatchObject({ kind: "prompt", channel: "sessions.password", payload: { user: explicit.user, port: explicit.port } });
    if (prompt?.kind === "prompt")
      prompts.answer({ channel: "sessions.password", promptId: prompt.promptId, answer: { password: explicit.password } });
    const info = await opening;
    sessions.closeAll();
    expect(info.security.encrypted).toBe(true);
  });

  it("stops when the password prompt is cancelled", async () => {
    const { sessions, prompts, messages } = sessionManagerForTests();
    const opening = sessions.open(connectRequest(target("prompted", explicit, "explicit-required"), { password: "" }));
    await expect.poll(() => messages.length).toBe(1);
    const prompt = messages[0];
    if (prompt?.kind === "prompt") prompts.answer({ channel: "sessions.password", promptId: prompt.promptId, answer: null });
    expect(await failure(opening)).toMatchObject({ code: "cancelled" });
  });
});

describe("the session log", () => {
  it("shows the FTP dialogue with the password masked, TLS events, and reaches the renderer batched", async () => {
    const { sessions, messages } = sessionManagerForTests();
    const info = await sessions.open(connectRequest(target("logged", explicit, "explicit-required")));
    await sessions.list(info.id);
    const lines = sessions.log(info.id).all();
    const text = lines.map((line) => `${line.kind}: ${line.text}`);
    expect(text).toContain(`command: USER ${explicit.user}`);
    expect(text).toContain("command: PASS ###");
    expect(text.join("\n")).not.toContain(explicit.password);
    expect(text.some((line) => /^reply: 230/.test(line))).toBe(true);
    expect(
      text.some((line) =>
        /^tls: TLS handshake done: TLSv1\.[23], .*certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2} \(verified\)/.test(line),
      ),
    ).toBe(true);
    expect(text).toContain("tls: Data connection: new TLS session; its certificate is the one accepted for this session.");
    await expect.poll(() => messages.filter((m) => m.kind === "event" && m.channel === "sessions.log-appended").length).toBeGreaterThan(0);
    sessions.log(info.id).clear();
    expect(sessions.log(info.id).all()).toEqual([]);
    sessions.closeAll();
  });
});
