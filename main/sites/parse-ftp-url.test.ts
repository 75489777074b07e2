import { describe, expect, it } from "vitest";
import { parseFtpUrl } from "./parse-ftp-url";
import { mainServicesForTests } from "../../test-support/main-services";

describe("ftp:// and ftps:// URLs on the command line", () => {
  it("become a connection that asks for the password", () => {
    expect(parseFtpUrl("ftp://anna@ftp.example.com:2121/pub/files%20x")).toEqual({
      request: {
        host: "ftp.example.com",
        port: 2121,
        user: "anna",
        password: "",
        encryption: "explicit-if-available",
        initialRemotePath: "/pub/files x",
      },
    });
    expect(parseFtpUrl("ftps://ftp.example.com")).toMatchObject({ request: { encryption: "implicit", user: "" } });
    expect(parseFtpUrl("ftp://bob:hunter2@example.com")).toMatchObject({ request: { password: "" } });
    expect(parseFtpUrl("ftp://[::1]:2121/")).toMatchObject({ request: { host: "::1", port: 2121 } });
  });

  it("that cannot be read give a sentence, never a throw, and never repeat a password", () => {
    const cases = [
      "ftp://%ff@host/",
      "ftp://bob:hunter2@host/%ff%fe",
      "ftp://user:hunter2@host/%e2%82",
      "sftp://example.com",
      "not a url",
      "ftp://a:99999/x",
      "ftp://[/",
    ];
    for (const text of cases) {
      const parsed = parseFtpUrl(text);
      expect(parsed, text).toEqual({ problem: expect.stringMatching(/^[A-Z].*opens without connecting\.$/) });
      expect(JSON.stringify(parsed)).not.toContain("hunter2");
    }
    expect(parseFtpUrl("ftp://%ff@host/")).toEqual({ problem: expect.stringContaining("not valid percent-encoding") });
  });

  it("that does not decode still lets the host start, and says why it did not connect", async () => {
    const notices: string[] = [];
    const services = await mainServicesForTests({
      send: (message) => {
        if (message.kind === "event" && message.channel === "notices.shown") notices.push(message.payload.text);
      },
      startUrl: "ftp://%ff@127.0.0.1/",
    });
    try {
      const info = await services.router.dispatch("app.info", {});
      expect(info).toMatchObject({ ok: true, value: { version: "test" } });
      expect(info.ok && "startConnection" in info.value).toBe(false);
      expect(notices).toEqual([expect.stringContaining("not valid percent-encoding")]);
    } finally {
      await services.shutdown();
    }
  });
});
