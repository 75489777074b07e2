import { afterEach, describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a session's transfer connections", () => {
  it("log in without asking what the first connection asked (FEAT, PWD), at a round trip each, and still know the server's features", async () => {
    const server = await startScriptedServer({ listings: { "/": "" }, files: { "/a.txt": "a" }, checksums: {} });
    cleanups.push(() => server.close());
    const { sessions } = sessionManagerForTests();
    cleanups.push(() => sessions.closeAll());
    const info = await sessions.open(scriptedRequest(server));
    const verbs = (commands: string[]) => commands.map((command) => command.split(" ")[0]);
    expect(verbs(server.commands)).toEqual(expect.arrayContaining(["FEAT", "PWD"]));

    const before = server.commands.length;
    const transfers = await sessions.connector(info.id).connect();
    cleanups.push(() => transfers.close());
    const login = verbs(server.commands.slice(before));
    expect(login).toEqual(expect.arrayContaining(["USER", "PASS", "TYPE"]));
    expect(login).not.toContain("FEAT");
    expect(login).not.toContain("PWD");
    // Checksums are chosen from FEAT's answer: the transfer connection has it without asking.
    expect((await transfers.features()).has("HASH")).toBe(true);
    expect(verbs(server.commands.slice(before))).not.toContain("FEAT");
    expect(await transfers.size("/a.txt")).toBe(1);
  });
});
