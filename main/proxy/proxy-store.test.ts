import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProxySettingsSchema, type ProxySettings } from "../../shared/proxy";
import { failure } from "../../test-support/test-helpers";
import { KeyFileCipher } from "../secrets/secret-cipher";
import { ProxyStore } from "./proxy-store";
import { refuseActiveModeThroughProxy } from "./proxy-route";

const socks = (extra: Partial<ProxySettings> = {}): ProxySettings =>
  ProxySettingsSchema.parse({ kind: "socks5", host: "proxy.example.test", user: "alice", ...extra });

async function store() {
  const dir = await mkdtemp(join(tmpdir(), "ferry-proxy-"));
  const path = join(dir, "proxy.json");
  const open = (keyName = "secret.key") => new ProxyStore(path, new KeyFileCipher(join(dir, keyName)));
  return { path, open };
}

describe("the proxy preference", () => {
  it("starts with no proxy, so sessions connect directly", async () => {
    const { open } = await store();
    expect((await open().view()).settings.kind).toBe("none");
    expect(await open().route()).toBeUndefined();
  });

  it("keeps the password sealed across restarts: the file never holds it, the view says only that it is saved", async () => {
    const { path, open } = await store();
    const view = await open().set(socks(), { change: "set", value: "pr0xy-s3cret" });
    expect(view).toMatchObject({ passwordSaved: true, settings: { host: "proxy.example.test", user: "alice" } });
    expect(JSON.stringify(view)).not.toContain("pr0xy-s3cret");
    expect(await readFile(path, "utf8")).not.toContain("pr0xy-s3cret");
    expect(await open().route()).toEqual({
      kind: "socks5",
      host: "proxy.example.test",
      port: 1080,
      user: "alice",
      password: "pr0xy-s3cret",
      resolveOnProxy: true,
    });
  });

  it("keeps the password when other settings change, and forgets it when asked or when the user is removed", async () => {
    const { open } = await store();
    const proxy = open();
    await proxy.set(socks(), { change: "set", value: "pw" });
    expect(await proxy.set(socks({ kind: "http", port: 3128 }), { change: "keep" })).toMatchObject({ passwordSaved: true });
    expect(await proxy.route()).toMatchObject({ kind: "http", port: 3128, password: "pw" });
    expect(await proxy.set(socks({ user: "" }), { change: "keep" })).toMatchObject({ passwordSaved: false });
    await proxy.set(socks(), { change: "set", value: "pw" });
    expect(await proxy.set(socks(), { change: "forget" })).toMatchObject({ passwordSaved: false });
  });

  it("asks for the password again when the key that sealed it is gone", async () => {
    const { open } = await store();
    await open().set(socks(), { change: "set", value: "pw" });
    const error = await failure(open("another.key").route());
    expect(error).toEqual({
      code: "proxy-failed",
      message: "The proxy's saved password can no longer be opened (the key that sealed it is gone). Enter it again in the proxy settings.",
    });
  });

  it("wants a host for a proxy", () => {
    expect(ProxySettingsSchema.safeParse({ kind: "http", host: " " }).success).toBe(false);
  });
});

describe("active mode and a proxy", () => {
  it("is refused with a sentence that says which setting to change", () => {
    expect(() => refuseActiveModeThroughProxy(undefined)).not.toThrow();
    expect(() =>
      refuseActiveModeThroughProxy({ kind: "socks5", host: "127.0.0.1", port: 1080, user: "", password: "", resolveOnProxy: true }),
    ).toThrow(
      'Active mode cannot work through the proxy at 127.0.0.1:1080: the server would have to connect back to Ferry, and a proxy passes on only the connections Ferry makes. Choose passive mode for this site, or tick "Don\'t use the proxy for this site".',
    );
  });
});
