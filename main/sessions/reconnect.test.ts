import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EventMessage, PromptMessage } from "../../shared/contract";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import type { SessionPreferences } from "./session-manager";

const root = await mkdtemp(join(tmpdir(), "ferry-reconnect-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const selfSigned = await startTestServer({ root, tls: "explicit", certificate: certificates.selfSigned });
const plain = await startTestServer({ root, tls: "none" });
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await Promise.all([selfSigned.close(), plain.close()]);
  await rm(root, { recursive: true, force: true });
});

function ferry(preferences: Partial<SessionPreferences> = {}) {
  const made = sessionManagerForTests(undefined, preferences);
  cleanups.push(() => made.sessions.closeAll());
  const states = (sessionId: string) =>
    made.messages
      .filter((m): m is Extract<EventMessage, { channel: "sessions.state" }> => m.kind === "event" && m.channel === "sessions.state")
      .filter((m) => m.payload.sessionId === sessionId)
      .map((m) => m.payload.connection);
  const promptsOf = (channel: PromptMessage["channel"]) => made.messages.filter((m) => m.kind === "prompt" && m.channel === channel);
  const logText = (sessionId: string) =>
    made.sessions
      .log(sessionId)
      .all()
      .map((line) => `${line.kind}: ${line.text}`);
  return { ...made, states, promptsOf, logText };
}

async function scripted(content: Partial<ScriptedContent> = {}) {
  const server = await startScriptedServer({ listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n" }, ...content });
  cleanups.push(() => server.close());
  return server;
}

/** Answers the next prompt on `channel` once it is asked. */
async function answerNext<P extends "sessions.password" | "trust.certificate">(
  app: ReturnType<typeof ferry>,
  channel: P,
  answer: P extends "sessions.password" ? { password: string; remember?: boolean } : "accept-once",
  seen: number,
) {
  await expect.poll(() => app.promptsOf(channel).length).toBeGreaterThan(seen);
  const prompt = app.promptsOf(channel)[seen];
  if (prompt?.kind !== "prompt") throw new Error("no prompt");
  app.prompts.answer({ channel, promptId: prompt.promptId, answer } as Parameters<typeof app.prompts.answer>[0]);
}

describe("a session whose server closes it for idling", () => {
  it("stays, says it is disconnected and why, and the next listing reconnects silently and lists", async () => {
    const server = await scripted({ idleTimeoutMs: 300 });
    const app = ferry();
    const info = await app.sessions.open({ ...scriptedRequest(server), keepAliveSeconds: 0 });
    await expect
      .poll(() => app.states(info.id))
      .toEqual([{ state: "disconnected", reason: "The server or the network closed the connection." }]);
    expect(app.logText(info.id)).toContain("reply: 421 Timeout.");

    const listing = await app.sessions.list(info.id, "/", true, true);
    expect(listing.entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    expect(app.states(info.id).slice(1)).toEqual([{ state: "reconnecting", attempt: 1 }, { state: "connected" }]);
    expect(server.commands.filter((command) => command.startsWith("USER"))).toHaveLength(2);
    expect(app.logText(info.id)).toContain("info: Reconnecting…");
  });

  it("is kept open by keep-alive NOOPs, which show in its log", async () => {
    const server = await scripted({ idleTimeoutMs: 1_500 });
    const app = ferry();
    const info = await app.sessions.open({ ...scriptedRequest(server), keepAliveSeconds: 1 });
    await expect.poll(() => app.logText(info.id).filter((line) => line === "command: NOOP").length, { timeout: 8_000 }).toBeGreaterThan(2);
    expect(app.states(info.id)).toEqual([]);
    expect((await app.sessions.list(info.id)).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    expect(server.commands.filter((command) => command.startsWith("USER"))).toHaveLength(1);
  });
});

describe("a server that cannot be reached again", () => {
  it("is tried again with growing pauses, then given up with a sentence that says so", async () => {
    const server = await scripted();
    const app = ferry({ keepReconnectingSeconds: 3 });
    const info = await app.sessions.open(scriptedRequest(server));
    await server.close();
    await expect.poll(() => app.states(info.id)[0]?.state).toBe("disconnected");

    const error = await failure(app.sessions.list(info.id, "/", true, true));
    expect(error).toMatchObject({
      code: "connection-refused",
      message: expect.stringMatching(/gave up reconnecting after \d+ tries in \d+ s\.$/),
    });
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    const tries = app.states(info.id).slice(1, -1);
    // The first pause is 1 s and the next 2 s: within 3 s at least two tries start, each told to the renderer.
    expect(tries.length).toBeGreaterThanOrEqual(2);
    expect(tries).toEqual(tries.map((_, index) => ({ state: "reconnecting", attempt: index + 1 })));
    expect(app.states(info.id).at(-1)).toEqual({ state: "disconnected", reason: error.message });
  });
});

describe("reconnecting a TLS session whose certificate was accepted once and whose password was typed", () => {
  it("asks neither again", async () => {
    const app = ferry();
    const opening = app.sessions.open({
      host: "127.0.0.1",
      port: selfSigned.port,
      user: selfSigned.user,
      password: "",
      encryption: "explicit-required",
    });
    await answerNext(app, "sessions.password", { password: selfSigned.password }, 0);
    await answerNext(app, "trust.certificate", "accept-once", 0);
    const info = await opening;
    selfSigned.dropConnections();
    await expect.poll(() => app.states(info.id)[0]?.state).toBe("disconnected");
    await app.sessions.reconnectNow(info.id);
    expect(app.states(info.id).at(-1)).toEqual({ state: "connected" });
    expect((await app.sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    expect(app.promptsOf("sessions.password")).toHaveLength(1);
    expect(app.promptsOf("trust.certificate")).toHaveLength(1);
  });
});

describe("the password prompt's 'Remember for this session'", () => {
  const request = (s: RunningTestServer) => ({ host: "127.0.0.1", port: s.port, user: s.user, password: "", encryption: "plain" as const });

  it("lets a new tab to the same server connect without asking; without it, the next tab asks", async () => {
    const app = ferry();
    const first = app.sessions.open(request(plain));
    await answerNext(app, "sessions.password", { password: plain.password }, 0);
    await first;
    const second = app.sessions.open(request(plain));
    await answerNext(app, "sessions.password", { password: plain.password, remember: true }, 1);
    await second;
    await app.sessions.open(request(plain));
    expect(app.promptsOf("sessions.password")).toHaveLength(2);
  });

  it("forgets a remembered password the server refuses, and asks next time", async () => {
    const app = ferry();
    const first = app.sessions.open(request(plain));
    await answerNext(app, "sessions.password", { password: "wrong", remember: true }, 0);
    expect(await failure(first)).toMatchObject({ code: "auth-failed" });
    const second = app.sessions.open(request(plain));
    await answerNext(app, "sessions.password", { password: plain.password, remember: true }, 1);
    await second;
    await app.sessions.open(request(plain));
    expect(app.promptsOf("sessions.password")).toHaveLength(2);
  });
});

describe("the logs of connection attempts", () => {
  it("keep a failed login's dialogue, listed with why it failed", async () => {
    const app = ferry();
    const error = await failure(
      app.sessions.open({ host: "127.0.0.1", port: plain.port, user: plain.user, password: "wrong", encryption: "plain" }),
    );
    const [attempt] = app.sessions.connectAttempts();
    expect(attempt).toMatchObject({ target: `${plain.user}@127.0.0.1:${plain.port}`, outcome: "failed", error: error.message });
    const text = app.logText(attempt!.sessionId);
    expect(text).toContain(`command: USER ${plain.user}`);
    expect(text).toContain("command: PASS ###");
    expect(text.some((line) => line.startsWith("reply: 530"))).toBe(true);
    expect(text.join("\n")).not.toContain("wrong");
    expect(app.messages.some((m) => m.kind === "event" && m.channel === "sessions.attempts")).toBe(true);
  });

  it("keep a closed tab's log, and say an explicit TLS session is asking for TLS before it has it", async () => {
    const app = ferry();
    const opening = app.sessions.open({
      host: "127.0.0.1",
      port: selfSigned.port,
      user: selfSigned.user,
      password: selfSigned.password,
      encryption: "explicit-required",
    });
    await answerNext(app, "trust.certificate", "accept-once", 0);
    const info = await opening;
    app.sessions.close(info.id);
    expect(app.sessions.connectAttempts()).toEqual([expect.objectContaining({ sessionId: info.id, outcome: "closed" })]);
    const [first] = app.logText(info.id);
    expect(first).toBe(`info: Connected to 127.0.0.1:${selfSigned.port}; asking for TLS`);
    expect(app.logText(info.id).join("\n")).not.toContain("No encryption");
  });
});
