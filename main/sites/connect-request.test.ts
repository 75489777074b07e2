import { describe, expect, it } from "vitest";
import { SavedSiteSettingsSchema, siteDefaults, SiteSettingsSchema, type SiteSettings } from "../../shared/site";
import { connectRequestOf } from "./connect-request";

const site = (extra: Partial<SiteSettings> = {}): SiteSettings => ({
  ...siteDefaults,
  name: "Acme",
  host: "ftp.example.com",
  user: "web",
  ...extra,
});

describe("the connect request of a saved site", () => {
  it("carries the settings a session needs and leaves out those it does not; keep-alive is on by default", () => {
    expect(connectRequestOf(site(), {})).toEqual({
      host: "ftp.example.com",
      user: "web",
      password: "",
      encryption: "explicit-required",
      passiveHost: "server",
      dataConnectionMode: "passive",
      encoding: "auto",
      fallbackEncoding: "utf8",
      keepAliveSeconds: 30,
    });
  });

  it("keeps a site's keep-alive turned off, and gives a site saved before keep-alive existed the default", () => {
    expect(connectRequestOf(site({ keepAliveSeconds: 0 }), {}).keepAliveSeconds).toBe(0);
    const older = SiteSettingsSchema.parse({ name: "Old", host: "ftp.example.com", user: "web", encryption: "plain" });
    expect(connectRequestOf(older, {}).keepAliveSeconds).toBe(30);
  });

  it("carries the server's time zone a site sets; a site saved before it existed leaves it to detection", () => {
    expect(connectRequestOf(site({ serverTimeOffsetMinutes: 540 }), {}).serverTimeOffsetMinutes).toBe(540);
    expect(connectRequestOf(site({ serverTimeOffsetMinutes: 0 }), {}).serverTimeOffsetMinutes).toBe(0);
    const older = SiteSettingsSchema.parse({ name: "Old", host: "ftp.example.com", user: "web", encryption: "plain" });
    expect(connectRequestOf(older, {})).not.toHaveProperty("serverTimeOffsetMinutes");
  });

  it("turns seconds into the session's units and keeps the site's folder and options", () => {
    const request = connectRequestOf(
      site({
        port: 2121,
        encryption: "implicit",
        timeoutSeconds: 7,
        keepAliveSeconds: 45,
        initialRemotePath: "/www",
        passiveHost: "control",
        dataConnectionMode: "active",
        encoding: "latin1",
        notes: "n",
      }),
      { password: "pw" },
    );
    expect(request).toEqual({
      host: "ftp.example.com",
      port: 2121,
      user: "web",
      password: "pw",
      encryption: "implicit",
      timeoutMs: 7000,
      keepAliveSeconds: 45,
      initialRemotePath: "/www",
      passiveHost: "control",
      dataConnectionMode: "active",
      encoding: "latin1",
    });
  });

  it("adds a saved client certificate to the site's TLS options", () => {
    const clientCertificate = { format: "pem" as const, certificatePem: "CERT", keyPem: "KEY" };
    const request = connectRequestOf(site({ tls: { pinnedSha256: "AB:CD", minVersion: "TLSv1.3" } }), { clientCertificate });
    expect(request.tls).toEqual({ pinnedSha256: "AB:CD", minVersion: "TLSv1.3", clientCertificate });
    expect(request.password).toBe("");
  });

  it("refuses a site saved before hosts were checked whose host is none, in a sentence, while the site still loads", () => {
    const older = SavedSiteSettingsSchema.parse({
      name: "Old",
      host: "ftp.example.com\r\nX-Injected: yes",
      user: "web",
      encryption: "plain",
    });
    expect(SiteSettingsSchema.safeParse(older).success).toBe(false);
    expect(() => connectRequestOf(older, {})).toThrow(
      "The host of “Old” is not a host name or an IP address: correct it in the site's settings.",
    );
  });
});
