import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventMessage, PromptMessage } from "../../shared/contract";
import { freePort } from "../../test-support/free-port";
import type { ClientId } from "./command-client";
import { mainServicesForTests } from "../../test-support/main-services";

const services = await mainServicesForTests();
/** Where Ferry runs from: no error may show it. */
const installPath = process.cwd();

describe("the router", () => {
  it("refuses unknown channels", async () => {
    expect(await services.router.dispatch("fs.deleteEverything", {})).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    expect(await services.router.dispatch(42, {})).toMatchObject({ ok: false, error: { code: "invalid-request" } });
  });

  it("refuses payloads that do not fit the schema, naming the field", async () => {
    const result = await services.router.dispatch("sessions.open", { host: "", user: "u", password: "p", encryption: "plain" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringContaining("host") } });
    expect(await services.router.dispatch("sessions.list", { sessionId: "../../etc", path: "/" })).toMatchObject({ ok: false });
    expect(await services.router.dispatch("local.list", { path: "/tmp\0/x" })).toMatchObject({
      ok: false,
      error: { code: "invalid-request" },
    });
  });

  it("turns a failing handler into an error a user can read", async () => {
    const result = await services.router.dispatch("local.list", { path: "/no/such/folder/anywhere" });
    expect(result).toEqual({ ok: false, error: { code: "not-found", message: "The folder “/no/such/folder/anywhere” does not exist." } });
  });

  it("answers valid commands", async () => {
    expect(await services.router.dispatch("app.info", {})).toMatchObject({ ok: true, value: { homePath: "/", version: "test" } });
  });
});

describe("local paths", () => {
  it("are absolute or refused with a sentence that does not show where Ferry is installed", async () => {
    for (const path of ["node_modules", ".", "..", "../..", "~/Documents"]) {
      const result = await services.router.dispatch("local.list", { path });
      expect(result, path).toEqual({
        ok: false,
        error: { code: "invalid-request", message: "path: a local path must be absolute (start at the root of a disk)" },
      });
    }
  });

  it("in another system's form are refused too", async () => {
    const foreign = process.platform === "win32" ? "relative\\folder" : "C:/Users";
    const result = await services.router.dispatch("local.list", { path: foreign });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    expect(JSON.stringify(result)).not.toContain(installPath);
  });

  it("are refused in every command that acts on the local disk, but names stay names", async () => {
    const local = { side: "local" } as const;
    const refused = [
      ["files.mkdir", { target: local, folder: "docs", name: "new" }, "folder"],
      ["files.move", { target: local, folder: "/tmp", names: ["a"], to: "elsewhere" }, "to"],
      ["files.delete", { target: local, folder: "./", names: ["a"] }, "folder"],
      [
        "transfers.add",
        { sessionId: "s1", direction: "download", move: false, sourceFolder: "/pub", names: ["a"], targetFolder: "downloads" },
        "targetFolder",
      ],
      [
        "transfers.add",
        { sessionId: "s1", direction: "upload", move: false, sourceFolder: "src", names: ["a"], targetFolder: "/pub" },
        "sourceFolder",
      ],
      ["drops.paths", { target: local, folder: "/tmp", paths: ["a.txt"] }, "paths.0"],
      ["drag-out.start", { side: "local", folder: "here", names: ["a"] }, "folder"],
    ] as const;
    for (const [channel, request, field] of refused) {
      expect(await services.router.dispatch(channel, request), `${channel} ${field}`).toMatchObject({
        ok: false,
        error: { code: "invalid-request", message: `${field}: a local path must be absolute (start at the root of a disk)` },
      });
    }
    // On the server a folder is the server's business: it is not the local disk's rule.
    expect(
      await services.router.dispatch("files.mkdir", { target: { side: "remote", sessionId: "s99" }, folder: "docs", name: "new" }),
    ).toMatchObject({
      ok: false,
      error: { code: "connection-lost" },
    });
    const folder = await mkdtemp(join(tmpdir(), "ferry-router-rename-"));
    await writeFile(join(folder, "a.txt"), "a");
    expect(await services.router.dispatch("files.rename", { target: local, folder, from: "a.txt", to: "b.txt" })).toEqual({
      ok: true,
      value: {},
    });
  });
});

describe("file commands on the local disk", () => {
  it("share one handler with the server's: make, move, delete, and permissions refused with a sentence", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-router-files-"));
    const local = { side: "local" } as const;
    expect(await services.router.dispatch("files.mkdir", { target: local, folder, name: "inbox" })).toEqual({ ok: true, value: {} });
    expect(await services.router.dispatch("files.new-file", { target: local, folder, name: "note.txt" })).toEqual({ ok: true, value: {} });
    expect(await services.router.dispatch("files.move", { target: local, folder, names: ["note.txt"], to: join(folder, "inbox") })).toEqual(
      {
        ok: true,
        value: { moved: 1 },
      },
    );
    await mkdir(join(folder, "inbox", "deep"));
    expect(
      await services.router.dispatch("files.chmod", { target: local, folder, names: ["inbox"], mode: 0o755, recursive: false }),
    ).toEqual({
      ok: false,
      error: { code: "invalid-request", message: "Permissions can be changed only on the server." },
    });
    expect(await services.router.dispatch("files.delete", { target: local, folder, names: ["inbox"] })).toEqual({
      ok: true,
      value: { deleted: 3 },
    });
    expect(await services.router.dispatch("local.list", { path: folder })).toMatchObject({ ok: true, value: { entries: [] } });
  });
});

const sent: { message: EventMessage | PromptMessage; to: ClientId | undefined }[] = [];
const withPrompts = await mainServicesForTests({ send: (message, to) => sent.push({ message, to }) });

describe("prompts.answer", () => {
  it("delivers a typed answer to the prompt of the client's command, refusing one of the wrong shape with a sentence", async () => {
    // A user without a password is asked for it before anything is sent to the server.
    const opening = withPrompts.router.dispatch(
      "sessions.open",
      { host: "127.0.0.1", port: await freePort(), user: "u", password: "", encryption: "plain" },
      "A",
    );
    await expect.poll(() => sent.length).toBe(1);
    const [{ message, to }] = sent as [(typeof sent)[number]];
    expect(message).toMatchObject({ kind: "prompt", channel: "sessions.password", payload: { user: "u" } });
    expect(to).toBe("A");
    const promptId = message.kind === "prompt" ? message.promptId : "";

    const wrong = await withPrompts.router.dispatch(
      "prompts.answer",
      { channel: "sessions.password", promptId, answer: { password: 42 } },
      "A",
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/^answer\.password: .+/) } });
    const unknown = await withPrompts.router.dispatch("prompts.answer", { channel: "files.chmod", promptId, answer: null }, "A");
    expect(unknown).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringContaining("channel") } });
    expect(sent).toHaveLength(1);

    expect(await withPrompts.router.dispatch("prompts.answer", { channel: "sessions.password", promptId, answer: null }, "A")).toEqual({
      ok: true,
      value: {},
    });
    expect(await opening).toMatchObject({ ok: false, error: { code: "cancelled" } });
    expect(sent[1]).toEqual({ message: { kind: "event", channel: "prompts.closed", payload: { promptId } }, to: undefined });
  });
});
