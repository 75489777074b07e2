import { getDefaultAutoSelectFamily } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { failure } from "../../test-support/test-helpers";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOnIpv6(script: Omit<ScriptedContent, "host">) {
  const server = await startScriptedServer({ ...script, host: "::1" });
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  cleanups.push(() => sessions.closeAll());
  const request: ConnectRequest = { host: "::1", port: server.port, user: "u", password: "p", encryption: "plain", timeoutMs: 5_000 };
  return { server, sessions, request };
}

const listing = { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n" };

describe("a server on an IPv6 address", () => {
  it("is reached by its literal, lists over EPSV, and is written [::1]:port in the log", async () => {
    const { server, sessions, request } = await serverOnIpv6({ listings: listing });
    const info = await sessions.open(request);
    expect(info.host).toBe("::1");
    expect((await sessions.list(info.id)).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    expect(server.commands).toContain("EPSV");
    expect(server.commands).not.toContain("PASV");
    expect(
      sessions
        .log(info.id)
        .all()
        .map((line) => line.text),
    ).toContain(`Connected to [::1]:${server.port} (No encryption)`);
  });

  it("that refuses EPSV gets a sentence, and never PASV, whose reply has no room for an IPv6 address", async () => {
    for (const passiveHost of ["server", "control"] as const) {
      const { server, sessions, request } = await serverOnIpv6({ listings: listing, replies: { EPSV: "500 EPSV not understood" } });
      const info = await sessions.open({ ...request, passiveHost });
      const refused = await failure(sessions.list(info.id));
      expect(refused.message).toBe(
        `The server refused EPSV (it answered "500 EPSV not understood"), which passive mode over IPv6 needs: PASV cannot name an IPv6 address. ` +
          `Connect to the server's IPv4 address or host name instead.`,
      );
      expect(server.commands).not.toContain("PASV");
    }
  });

  it("names the server [::1]:port when it cannot be reached", async () => {
    const { server, sessions, request } = await serverOnIpv6({ listings: listing });
    await server.close();
    expect((await failure(sessions.open(request))).message).toBe(
      `[::1]:${server.port} refused the connection. Check the host and port, and that an FTP server runs there.`,
    );
  });
});

describe("a host name with both IPv4 and IPv6 addresses", () => {
  // basic-ftp connects with `family` unset and no way to pass socket options; Node (20 and
  // later, Electron's too) then tries every address the name has, IPv6 and IPv4 in turn
  // (Happy Eyeballs, `autoSelectFamily`). No test here resolves a real name: this machine's
  // localhost has no IPv6 address, so what is checked is that nothing turned it off.
  it("is tried on each of its addresses, as Node's autoSelectFamily does by default", () => {
    expect(getDefaultAutoSelectFamily()).toBe(true);
  });
});
