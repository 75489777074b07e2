import { describe, expect, it } from "vitest";
import { siteDefaults, type SiteSettings } from "../../shared/site";
import { connectRequestOf } from "./connect-request";

const site = (extra: Partial<SiteSettings> = {}): SiteSettings => ({
  ...siteDefaults,
  name: "Acme",
  host: "ftp.example.com",
  user: "web",
  ...extra,
});

describe("the connect request of a saved site", () => {
  it("carries the settings a session needs and leaves out those it does not", () => {
    expect(connectRequestOf(site(), {})).toEqual({
      host: "ftp.example.com",
      user: "web",
      password: "",
      encryption: "explicit-required",
      passiveHost: "server",
      encoding: "utf8",
    });
  });

  it("turns seconds into the session's units and keeps the site's folder and options", () => {
    const request = connectRequestOf(
      site({
        port: 2121,
        encryption: "implicit",
        timeoutSeconds: 7,
        keepAliveSeconds: 30,
        initialRemotePath: "/www",
        passiveHost: "control",
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
      keepAliveSeconds: 30,
      initialRemotePath: "/www",
      passiveHost: "control",
      encoding: "latin1",
    });
  });

  it("adds a saved client certificate to the site's TLS options", () => {
    const clientCertificate = { format: "pem" as const, certificatePem: "CERT", keyPem: "KEY" };
    const request = connectRequestOf(site({ tls: { pinnedSha256: "AB:CD", minVersion: "TLSv1.3" } }), { clientCertificate });
    expect(request.tls).toEqual({ pinnedSha256: "AB:CD", minVersion: "TLSv1.3", clientCertificate });
    expect(request.password).toBe("");
  });
});
