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

describe("a session's data connections", () => {
  it("are awaited until one has been made; from then on each transfer command goes out while its data connection is still connecting", async () => {
    const server = await startScriptedServer({ listings: { "/": "-rw-r--r-- 1 u g 1 Nov 23  2025 a.txt\r\n" } });
    cleanups.push(() => server.close());
    const { sessions } = sessionManagerForTests();
    cleanups.push(() => sessions.closeAll());
    const info = await sessions.open(scriptedRequest(server));
    const client = await sessions.connector(info.id).connect();
    cleanups.push(() => client.close());
    const strategy = client.prepareTransfer;
    const connectingAtCommand: boolean[] = [];
    client.prepareTransfer = async (ftp) => {
      const response = await strategy(ftp);
      connectingAtCommand.push(ftp.dataSocket?.connecting ?? false);
      return response;
    };

    for (let i = 0; i < 3; i++) expect((await client.list("/")).map((entry) => entry.name)).toEqual(["a.txt"]);
    // The first saves the session nothing: passive mode has not proven to get through yet.
    expect(connectingAtCommand).toEqual([false, true, true]);
  });
});
