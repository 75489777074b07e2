import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventMessage, PromptMessage } from "../../shared/contract";
import { freePort } from "../../test-support/free-port";
import { createMainServices } from "../main-services";
import { KeyFileCipher } from "../secrets/secret-cipher";
import type { ClientId } from "./command-client";

const dataPath = await mkdtemp(join(tmpdir(), "ferry-router-"));
const services = createMainServices({ homePath: "/", dataPath, cipher: new KeyFileCipher(join(dataPath, "secret.key")), version: "test", send: () => undefined });

describe("the router", () => {
  it("refuses unknown channels", async () => {
    expect(await services.router.dispatch("fs.deleteEverything", {})).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    expect(await services.router.dispatch(42, {})).toMatchObject({ ok: false, error: { code: "invalid-request" } });
  });

  it("refuses payloads that do not fit the schema, naming the field", async () => {
    const result = await services.router.dispatch("sessions.open", { host: "", user: "u", password: "p", encryption: "plain" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringContaining("host") } });
    expect(await services.router.dispatch("sessions.list", { sessionId: "../../etc", path: "/" })).toMatchObject({ ok: false });
    expect(await services.router.dispatch("local.list", { path: "/tmp\0/x" })).toMatchObject({ ok: false, error: { code: "invalid-request" } });
  });

  it("turns a failing handler into an error a user can read", async () => {
    const result = await services.router.dispatch("local.list", { path: "/no/such/folder/anywhere" });
    expect(result).toMatchObject({ ok: false, error: { code: "not-found" } });
  });

  it("answers valid commands", async () => {
    expect(await services.router.dispatch("app.info", {})).toMatchObject({ ok: true, value: { homePath: "/", version: "test" } });
  });
});

describe("prompts.answer", () => {
  const sent: { message: EventMessage | PromptMessage; to: ClientId | undefined }[] = [];
  const withPrompts = createMainServices({
    homePath: "/",
    dataPath,
    cipher: new KeyFileCipher(join(dataPath, "secret.key")),
    version: "test",
    send: (message, to) => sent.push({ message, to }),
  });

  it("delivers a typed answer to the prompt of the client's command, refusing one of the wrong shape with a sentence", async () => {
    // A user without a password is asked for it before anything is sent to the server.
    const opening = withPrompts.router.dispatch("sessions.open", { host: "127.0.0.1", port: await freePort(), user: "u", password: "", encryption: "plain" }, "A");
    await expect.poll(() => sent.length).toBe(1);
    const [{ message, to }] = sent as [(typeof sent)[number]];
    expect(message).toMatchObject({ kind: "prompt", channel: "sessions.password", payload: { user: "u" } });
    expect(to).toBe("A");
    const promptId = message.kind === "prompt" ? message.promptId : "";

    const wrong = await withPrompts.router.dispatch("prompts.answer", { channel: "sessions.password", promptId, answer: { password: 42 } }, "A");
    expect(wrong).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/^answer\.password: .+/) } });
    const unknown = await withPrompts.router.dispatch("prompts.answer", { channel: "files.chmod", promptId, answer: null }, "A");
    expect(unknown).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringContaining("channel") } });
    expect(sent).toHaveLength(1);

    expect(await withPrompts.router.dispatch("prompts.answer", { channel: "sessions.password", promptId, answer: null }, "A")).toEqual({ ok: true, value: {} });
    expect(await opening).toMatchObject({ ok: false, error: { code: "cancelled" } });
    expect(sent[1]).toEqual({ message: { kind: "event", channel: "prompts.closed", payload: { promptId } }, to: undefined });
  });
});
