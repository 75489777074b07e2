import { describe, expect, it } from "vitest";
import { HostSchema } from "./domain";
import { bareHost, hostAndPort, isHostName, isIpv6Literal, readHostField, urlHost } from "./host-address";

describe("hosts as people read them", () => {
  it("put an IPv6 literal in brackets where a port follows, and nothing else", () => {
    expect(hostAndPort("::1", 2121)).toBe("[::1]:2121");
    expect(hostAndPort("2001:db8::7", 21)).toBe("[2001:db8::7]:21");
    expect(hostAndPort("192.0.2.7", 21)).toBe("192.0.2.7:21");
    expect(hostAndPort("ftp.example.com", 990)).toBe("ftp.example.com:990");
    expect(hostAndPort("::1", undefined)).toBe("::1");
    expect(urlHost("::1")).toBe("[::1]");
    expect(isIpv6Literal("::1")).toBe(true);
    expect(isIpv6Literal("ftp.example.com")).toBe(false);
    expect(isIpv6Literal("a:b")).toBe(false);
    expect(bareHost(" [::1] ")).toBe("::1");
    expect(bareHost("ftp.example.com")).toBe("ftp.example.com");
    expect(bareHost("[not-an-address]")).toBe("[not-an-address]");
  });
});

describe("what a host may be", () => {
  it("is a name (in any script), an IPv4 address or a bare IPv6 literal, and nothing that could add a line or a path", () => {
    for (const host of [
      "ftp.example.com",
      "localhost",
      "192.0.2.7",
      "::1",
      "2001:db8::7",
      "bücher.example",
      "my_server.lan",
      "example.com.",
    ])
      expect(isHostName(host), host).toBe(true);
    for (const host of ["", "two words", "a\r\nX-Injected: yes", "a\tb", "ftp.example.com/pub", "u@h", "[::1]", "a:b", "a..b", "ftp://h"])
      expect(isHostName(host), host).toBe(false);
    expect(HostSchema.safeParse(" ftp.example.com ").data).toBe("ftp.example.com");
    expect(HostSchema.safeParse("h\nX-Injected: yes").success).toBe(false);
  });
});

describe("the quick connect host field", () => {
  it("takes names, IPv4 and IPv6 literals, bare or with a port", () => {
    expect(readHostField(" ftp.example.com ")).toEqual({ field: { host: "ftp.example.com" } });
    expect(readHostField("ftp.example.com:2121")).toEqual({ field: { host: "ftp.example.com", port: 2121 } });
    expect(readHostField("192.0.2.7:21")).toEqual({ field: { host: "192.0.2.7", port: 21 } });
    expect(readHostField("::1")).toEqual({ field: { host: "::1" } });
    // The last group of a bare IPv6 address is its own, never a port.
    expect(readHostField("::1:2121")).toEqual({ field: { host: "::1:2121" } });
    expect(readHostField("[::1]")).toEqual({ field: { host: "::1" } });
    expect(readHostField("[::1]:2121")).toEqual({ field: { host: "::1", port: 2121 } });
    expect(readHostField("[2001:db8::7]:990")).toEqual({ field: { host: "2001:db8::7", port: 990 } });
  });

  it("takes a whole URL, its password left out", () => {
    expect(readHostField("ftp://anna@[::1]:2121/pub/new%20files")).toEqual({
      field: { host: "::1", port: 2121, user: "anna", path: "/pub/new files" },
    });
    expect(readHostField("ftps://bob:hunter2@ftp.example.com")).toEqual({
      field: { host: "ftp.example.com", user: "bob", encryption: "implicit" },
    });
    expect(readHostField("FTP://[::1]/")).toEqual({ field: { host: "::1" } });
  });

  it("says what is wrong in a sentence that never repeats what was typed", () => {
    const cases = [
      "",
      "[::1]:99999",
      "[::1]:",
      "host:abc",
      ":21",
      "[nope]:21",
      "a:b:c",
      "sftp://host",
      "ftp://[",
      "ftp://u:hunter2@h/%ff",
      "two words",
      "ftp.example.com/pub",
      "u@h:21",
    ];
    for (const typed of cases) {
      const read = readHostField(typed);
      expect(read, typed).toHaveProperty("problem");
      if ("problem" in read) {
        expect(read.problem).toMatch(/^[A-Z].*\.$/);
        expect(read.problem).not.toContain("hunter2");
      }
    }
    expect(readHostField("a:b:c")).toEqual({
      problem: "That is neither a host name nor an IPv6 address. To give an IPv6 address a port, write it as [address]:port.",
    });
  });
});
