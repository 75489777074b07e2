import { afterEach, describe, expect, it } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { failure } from "../../test-support/test-helpers";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scripted(script: ScriptedContent) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  cleanups.push(() => sessions.closeAll());
  return { server, sessions, request: scriptedRequest(server) };
}

const needsAccount: ScriptedContent = {
  listings: { "/": "" },
  replies: { PASS: "332 Need account for login.", ACCT: "230 Account DEPT42 accepted." },
};

describe("a server that asks for an account (ACCT)", () => {
  it("gets the site's account after the password, and the session opens", async () => {
    const { server, sessions, request } = await scripted(needsAccount);
    const info = await sessions.open({ ...request, account: "DEPT42" });
    expect(server.commands.slice(0, 3)).toEqual(["USER u", "PASS", "ACCT DEPT42"]);
    const log = sessions
      .log(info.id)
      .all()
      .map((line) => `${line.kind}: ${line.text}`);
    expect(log).toContain("command: ACCT DEPT42");
    expect(log).toContain("reply: 230 Account DEPT42 accepted.");
  });

  it("asking right after USER gets it too", async () => {
    const { server, sessions, request } = await scripted({ ...needsAccount, replies: { USER: "332 Need account.", ACCT: "230 ok" } });
    await sessions.open({ ...request, account: "DEPT42" });
    expect(server.commands.slice(0, 2)).toEqual(["USER u", "ACCT DEPT42"]);
  });

  it("without an account in the site, says where to enter one", async () => {
    const { server, sessions, request } = await scripted(needsAccount);
    expect(await failure(sessions.open(request))).toEqual({
      code: "auth-failed",
      message:
        "The server asks for an account (ACCT) to log in. Enter it in the site's Account field in the Site Manager, then connect again.",
    });
    expect(server.commands.some((command) => command.startsWith("ACCT"))).toBe(false);
  });

  it("that logs the user in without one never sees the account", async () => {
    const { server, sessions, request } = await scripted({ listings: { "/": "" } });
    await sessions.open({ ...request, account: "DEPT42" });
    expect(server.commands.some((command) => command.startsWith("ACCT"))).toBe(false);
  });
});

describe("commands after login", () => {
  const request = (base: ConnectRequest): ConnectRequest => ({ ...base, postLoginCommands: ["SITE UMASK 002", "NOOP"] });

  it("go to the server in order on the browsing connection and on every transfer connection, each reply in the log", async () => {
    const { server, sessions, request: base } = await scripted({ listings: { "/": "" }, replies: { SITE: "200 UMASK set to 002" } });
    const info = await sessions.open(request(base));
    const afterLogin = (commands: string[]) => commands.filter((command) => command === "SITE UMASK 002" || command === "NOOP");
    expect(afterLogin(server.commands)).toEqual(["SITE UMASK 002", "NOOP"]);
    const log = () =>
      sessions
        .log(info.id)
        .all()
        .map((line) => `${line.kind}: ${line.text}`);
    expect(log()).toEqual(expect.arrayContaining(["command: SITE UMASK 002", "reply: 200 UMASK set to 002", "command: NOOP"]));

    const transfers = await sessions.connector(info.id).connect();
    transfers.close();
    expect(afterLogin(server.commands)).toEqual(["SITE UMASK 002", "NOOP", "SITE UMASK 002", "NOOP"]);
    expect(log()).toEqual(
      expect.arrayContaining([
        "command: [transfer 1] SITE UMASK 002",
        "reply: [transfer 1] 200 UMASK set to 002",
        "command: [transfer 1] NOOP",
      ]),
    );
  });

  it("that the server refuses are logged as errors, and the connection goes on", async () => {
    const { sessions, request: base } = await scripted({
      listings: { "/": "" },
      replies: { SITE: "500 'SITE UMASK': command not understood" },
    });
    const info = await sessions.open(request(base));
    expect(sessions.log(info.id).all()).toContainEqual(
      expect.objectContaining({
        kind: "error",
        text: `The server refused the command after login "SITE UMASK 002" (500 'SITE UMASK': command not understood); the connection goes on without it.`,
      }),
    );
    expect((await sessions.list(info.id)).path).toBe("/");
  });
});
