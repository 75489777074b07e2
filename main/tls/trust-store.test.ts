import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TrustStore } from "./trust-store";

const entry = (port: number, sha256 = "AA:BB") => ({ host: "ftp.example.com", port, sha256, subject: "ftp.example.com", trustedAt: 1 });

describe("the trust store", () => {
  it("keeps one certificate per host and port, case-insensitively, and forgets on remove", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "ferry-store-")), "trusted-certificates.json");
    const store = new TrustStore(path);
    await store.trust(entry(21));
    await store.trust(entry(990));
    await store.trust({ ...entry(21, "CC:DD"), host: "FTP.example.com" });
    const reread = new TrustStore(path);
    expect((await reread.list()).entries.map((e) => [e.port, e.sha256])).toEqual([
      [990, "AA:BB"],
      [21, "CC:DD"],
    ]);
    await reread.remove("ftp.example.com", 21);
    expect(await new TrustStore(path).find("ftp.example.com", 21)).toBeUndefined();
    expect(await new TrustStore(path).find("ftp.example.com", 990)).toBeDefined();
  });

  it("starts empty from a corrupt file, keeps the file aside and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ferry-store-"));
    const path = join(dir, "trusted-certificates.json");
    await writeFile(path, "{ not json");
    const store = new TrustStore(path);
    const listed = await store.list();
    expect(listed.entries).toEqual([]);
    expect(listed.notice).toMatch(/could not be read.*kept as .*trusted-certificates\.json\.corrupt-/);
    expect((await readdir(dir)).some((name) => name.startsWith("trusted-certificates.json.corrupt-"))).toBe(true);
  });
});
