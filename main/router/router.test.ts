import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMainServices } from "../main-services";
import { KeyFileCipher } from "../secrets/secret-cipher";

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
