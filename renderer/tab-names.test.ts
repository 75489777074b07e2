import { describe, expect, it } from "vitest";
import { serverOf, tabNames, type NamedTab } from "./tab-names";

const tab = (id: string, fields: Partial<NamedTab> = {}): NamedTab => ({ id, host: "ftp.example.org", port: 21, user: "ann", ...fields });
const names = (tabs: NamedTab[]) => [...tabNames(tabs).values()];

describe("tab names", () => {
  it("names a quick connection user@host and a saved site's tab after the site", () => {
    expect(names([tab("s1"), tab("s2", { siteName: "Backup server", host: "10.0.0.2" })])).toEqual([
      "ann@ftp.example.org",
      "Backup server",
    ]);
  });

  it("writes an IPv6 host in brackets where its port follows", () => {
    expect(names([tab("s1", { host: "::1", port: 2121 }), tab("s2", { host: "::1", port: 21 })])).toEqual([
      "ann@[::1]:2121",
      "ann@[::1]:21",
    ]);
    expect(names([tab("s1", { host: "::1" })])).toEqual(["ann@::1"]);
  });

  it("leaves out an empty user name", () => {
    expect(names([tab("s1", { user: "" })])).toEqual(["ftp.example.org"]);
  });

  it("numbers the second and third tab to the same server in the order they were opened", () => {
    expect(names([tab("s1"), tab("s2", { siteName: "Web" }), tab("s3"), tab("s4", { siteName: "Web" }), tab("s5")])).toEqual([
      "ann@ftp.example.org",
      "Web",
      "ann@ftp.example.org (2)",
      "Web (2)",
      "ann@ftp.example.org (3)",
    ]);
  });

  it("says which server when tabs of one name go to different ports or hosts", () => {
    expect(names([tab("s1", { port: 21 }), tab("s2", { port: 990 }), tab("s3", { port: 21 })])).toEqual([
      "ann@ftp.example.org:21",
      "ann@ftp.example.org:990",
      "ann@ftp.example.org:21 (2)",
    ]);
    expect(names([tab("s1", { siteName: "Web" }), tab("s2", { siteName: "Web", host: "127.0.0.1" })])).toEqual([
      "Web (ann@ftp.example.org:21)",
      "Web (ann@127.0.0.1:21)",
    ]);
  });

  it("gives every tab a name of its own, keyed by its id", () => {
    const tabs = [tab("s1"), tab("s2"), tab("s3", { user: "bob" }), tab("s4", { siteName: "ann@ftp.example.org" })];
    const named = tabNames(tabs);
    expect(new Set(named.values()).size).toBe(tabs.length);
    expect(named.get("s3")).toBe("bob@ftp.example.org");
  });

  it("writes the server as user@host:port", () => {
    expect(serverOf(tab("s1", { port: 2121 }))).toBe("ann@ftp.example.org:2121");
  });
});
