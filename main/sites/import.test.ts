import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { siteDefaults } from "../../shared/site";
import { exportSites, importFerry } from "./ferry-export";
import { importFileZilla } from "./import-filezilla";
import { decodeWinScpPassword, importWinScp } from "./import-winscp";

const sample = (name: string) => readFile(join(import.meta.dirname, "samples", name), "utf8");

describe("importing FileZilla's sitemanager.xml", () => {
  it("brings FTP and FTPS sites with their folders, modes and passwords, and lists the rest as skipped", async () => {
    const read = importFileZilla(await sample("sitemanager.xml"));
    expect(read.sites.map((s) => [s.folderPath.join("/"), s.settings.name, s.settings.encryption])).toEqual([
      ["", "Main site", "explicit-required"],
      ["", "Explicit if available", "explicit-if-available"],
      ["Clients", "Acme implicit", "implicit"],
      ["Clients/Old ones", "Legacy plain", "plain"],
    ]);
    const main = read.sites[0];
    expect(main?.settings).toMatchObject({
      host: "ftp.example.com",
      port: 21,
      user: "webmaster",
      initialRemotePath: "/var/www",
      initialLocalPath: "C:\\Sites\\main",
      notes: "Production — be careful",
    });
    expect(main?.password).toBe("sécrèt-pass");
    expect(read.sites.find((s) => s.settings.name === "Acme implicit")).toMatchObject({ settings: { port: 990, user: "acme" } });
    expect(read.sites.find((s) => s.settings.name === "Acme implicit")?.password).toBeUndefined();
    expect(read.sites.find((s) => s.settings.name === "Legacy plain")?.settings).toMatchObject({ user: "", encoding: "latin1" });
    expect(read.skipped).toEqual([
      { name: "Backups on S3", reason: "S3 is not FTP or FTPS" },
      { name: "Acme SSH", reason: "SFTP is not FTP or FTPS" },
    ]);
    expect(read.siteNotes).toEqual([]);
    // No adjustment in FileZilla: Ferry detects the server's time zone.
    expect(read.sites.every((s) => s.settings.serverTimeOffsetMinutes === undefined)).toBe(true);
  });

  it("does not import a password behind FileZilla's master password, and lists per site every setting that did not come along", async () => {
    const read = importFileZilla(await sample("sitemanager-master-password.xml"));
    expect(read.sites.map((site) => [site.settings.name, site.password])).toEqual([
      ["Vault", undefined],
      ["Mainframe", "payroll-pass"],
      ["Plain and simple", "web-pass"],
    ]);
    expect(read.sites.map((site) => site.settings)).toMatchObject([
      { host: "vault.example.com", user: "keeper", colour: "blue", notes: "Behind FileZilla's master password" },
      // FileZilla adds an hour to the server's times: the server's clock is an hour behind UTC.
      {
        port: 2121,
        encryption: "explicit-if-available",
        maxConnections: 4,
        dataConnectionMode: "active",
        colour: "none",
        encoding: "shift_jis",
        initialRemotePath: "/payroll",
        serverTimeOffsetMinutes: -60,
        account: "DEPT42",
        postLoginCommands: ["SITE UMASK 022", "SITE QUOTA"],
      },
      { encryption: "plain", colour: "orange", dataConnectionMode: "passive" },
    ]);
    expect(read.siteNotes).toEqual([
      { name: "Vault", notes: ["password not imported: protected by FileZilla's master password"] },
      {
        name: "Mainframe",
        notes: [
          "colour label cyan not carried over: Ferry has no cyan label",
          "server type MVS not carried over: Ferry reads the listing format itself",
          "synchronized browsing not carried over",
          "directory comparison not carried over",
          "setting Keepalive (1) not carried over",
        ],
      },
    ]);
  });

  it('keeps a site\'s "Bypass proxy" as "Don\'t use the proxy for this site"', () => {
    const server = (name: string, bypass: number) =>
      `<Server><Host>${name}.example.com</Host><Protocol>4</Protocol><User>u</User><Logontype>1</Logontype>` +
      `<BypassProxy>${bypass}</BypassProxy><Name>${name}</Name></Server>`;
    const read = importFileZilla(`<FileZilla3><Servers>${server("Inside", 1)}${server("Outside", 0)}</Servers></FileZilla3>`);
    expect(read.sites.map((site) => [site.settings.name, site.settings.noProxy])).toEqual([
      ["Inside", true],
      ["Outside", false],
    ]);
    expect(read.siteNotes).toEqual([]);
  });

  it("carries an account only with FileZilla's Account logon type, and says which commands after logon it left out", () => {
    const server = (logon: number, commands: string[]) =>
      `<Server><Host>h.example.com</Host><Protocol>4</Protocol><User>u</User><Account>DEPT42</Account><Logontype>${logon}</Logontype>` +
      `<Name>Logon ${logon}</Name><PostLoginCommands>${commands.map((command) => `<Command>${command}</Command>`).join("")}</PostLoginCommands></Server>`;
    const many = Array.from({ length: 22 }, (_, index) => `SITE CHMOD 644 f${index}`);
    const read = importFileZilla(
      `<FileZilla3><Servers>${server(1, [])}${server(4, [...many, "x".repeat(600), "TYPE A"])}</Servers></FileZilla3>`,
    );
    expect(read.sites.map((site) => [site.settings.account, site.settings.postLoginCommands.length])).toEqual([
      ["", 0],
      ["DEPT42", 20],
    ]);
    expect(read.siteNotes).toEqual([
      { name: "Logon 4", notes: ["4 of the commands after logon not carried over: past Ferry's 20, too long, or one Ferry sends itself"] },
    ]);
  });

  it("skips a site whose host is no host name, such as one with a line break, saying why", () => {
    const server = (name: string, host: string) =>
      `<Server><Host>${host}</Host><Protocol>0</Protocol><User>u</User><Logontype>1</Logontype><Name>${name}</Name></Server>`;
    const read = importFileZilla(
      `<FileZilla3><Servers>${server("Good", "ftp.example.com")}${server("Injected", "ftp.example.com\nX-Injected: yes")}${server("Path", "ftp.example.com/pub")}</Servers></FileZilla3>`,
    );
    expect(read.sites.map((site) => site.settings.host)).toEqual(["ftp.example.com"]);
    expect(read.skipped).toEqual([
      { name: "Injected", reason: "its host is not a host name or an IP address" },
      { name: "Path", reason: "its host is not a host name or an IP address" },
    ]);
  });

  it("refuses a file that is not a site manager file, clearly", () => {
    expect(() => importFileZilla("<html><body>hi</body></html>")).toThrow("This is not a FileZilla site manager file");
    expect(() => importFileZilla("not xml <<<")).toThrow("This is not a FileZilla site manager file");
  });
});

describe("importing WinSCP.ini", () => {
  it("brings FTP and FTPS sessions with folders and decoded passwords, and lists the rest as skipped", async () => {
    const read = importWinScp(await sample("WinSCP.ini"));
    expect(read.sites.map((s) => [s.folderPath.join("/"), s.settings.name, s.settings.encryption, s.password])).toEqual([
      ["Work", "Web server", "explicit-required", "ünïcode-pw"],
      ["Work", "CDN implicit", "implicit", "s3cr3t"],
      ["", "Plain old FTP", "plain", undefined],
      ["", "Broken password", "explicit-required", undefined],
    ]);
    expect(read.sites[0]?.settings).toMatchObject({
      host: "ftp.example.com",
      port: 2121,
      user: "deploy",
      initialRemotePath: "/srv/www",
      initialLocalPath: "C:\\Users\\me\\site",
    });
    expect(read.skipped).toEqual([
      { name: "My SFTP box", reason: "SFTP is not FTP or FTPS" },
      { name: "S3 bucket", reason: "S3 is not FTP or FTPS" },
    ]);
    expect(read.notes).toEqual(["The password of Broken password could not be read and was not imported."]);
    expect(read.siteNotes).toEqual([]);
  });

  it("says that a session's time difference did not come along", async () => {
    const read = importWinScp((await sample("WinSCP.ini")).replace("PortNumber=2121", "PortNumber=2121\nTimeDifference=-0.375"));
    expect(read.siteNotes).toEqual([
      { name: "Web server", notes: ["time difference not carried over: set the server's time zone in the site's settings"] },
    ]);
    expect(read.sites[0]?.settings.serverTimeOffsetMinutes).toBeUndefined();
  });

  it("does not pretend to read passwords behind a master password", async () => {
    const read = importWinScp((await sample("WinSCP.ini")).replace("UseMasterPassword=0", "UseMasterPassword=1"));
    expect(read.sites.every((s) => s.password === undefined)).toBe(true);
    expect(read.notes).toContain("The password of Web server is protected by WinSCP's master password and was not imported.");
  });

  it("skips a session whose host, percent-decoded, holds a line break, saying why", async () => {
    const read = importWinScp(
      (await sample("WinSCP.ini")).replace("HostName=ftp.example.com", "HostName=ftp.example.com%0D%0AX-Injected:%20yes"),
    );
    expect(read.sites.map((site) => site.settings.name)).not.toContain("Web server");
    expect(read.skipped).toContainEqual({ name: "Web server", reason: "its host is not a host name or an IP address" });
  });

  it("needs the right user and host to decode a password", () => {
    const encoded = "A35C455B728542632E43973D32323D3F38327239243D312C3039723239282F6F3F2E6F28452D4B18C88A1560C100683CE26D";
    expect(decodeWinScpPassword(encoded, "anna", "cdn.example.net")).toBe("s3cr3t");
    expect(decodeWinScpPassword(encoded, "bob", "cdn.example.net")).toBeUndefined();
  });
});

describe("Ferry's own export", () => {
  it("round-trips sites and folders, and carries no password", () => {
    const sites = [
      { folderPath: ["A", "B"], settings: { ...siteDefaults, name: "S", host: "h", encryption: "implicit" as const, user: "u" } },
    ];
    const text = exportSites(sites);
    expect(text).not.toMatch(/password|passphrase|keyPem/i);
    expect(importFerry(text).sites).toEqual(sites);
    expect(() => importFerry('{"format":"something else"}')).toThrow("This is not a Ferry sites export");
  });

  it("skips a site saved before hosts were checked whose host is none, and imports the rest", () => {
    const site = (name: string, host: string) => ({ folderPath: [], settings: { ...siteDefaults, name, host, user: "u" } });
    const read = importFerry(exportSites([site("Good", "ftp.example.com"), site("Spaced", "ftp example com")]));
    expect(read.sites.map((s) => s.settings.name)).toEqual(["Good"]);
    expect(read.skipped).toEqual([{ name: "Spaced", reason: "its host is not a host name or an IP address" }]);
  });
});
