import type { Client } from "basic-ftp";
import { describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { cleanups } from "../../test-support/test-cleanups";
import { listUtcIfThere } from "./server-listings";

/** A transfer connection of a session to a scripted server, and the commands it sends from now on. */
async function connectionTo(content: ScriptedContent) {
  const server = await startScriptedServer(content);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  cleanups.push(() => sessions.closeAll());
  const info = await sessions.open(scriptedRequest(server));
  const client: Client = await sessions.connector(info.id).connect();
  cleanups.push(() => client.close());
  const from = server.commands.length;
  return { client, sent: () => server.commands.slice(from) };
}

describe("a server folder that does not list", () => {
  it("is missing when the server refuses both its listing and CWD into it with 550", async () => {
    const { client } = await connectionTo({
      listings: {},
      listDone: "550 No such file or directory",
      replies: { CWD: "550 Failed to change directory." },
    });
    await expect(listUtcIfThere(client, "/site/gone")).resolves.toBeUndefined();
  });

  it("is not missing when CWD enters it: the listing's refusal is thrown, and the connection stays in its working folder", async () => {
    const { client, sent } = await connectionTo({ listings: {}, listDone: "550 Failed to open directory" });
    await expect(listUtcIfThere(client, "/site/locked")).rejects.toThrow("550 Failed to open directory");
    expect(sent().filter((command) => command.startsWith("CWD"))).toEqual(["CWD /site/locked", "CWD /"]);
  });

  it("is not missing when the listing fails otherwise: a broken-off listing is thrown without asking CWD", async () => {
    const { client, sent } = await connectionTo({ listings: {}, listDone: "426 Connection closed; transfer aborted." });
    await expect(listUtcIfThere(client, "/site/busy")).rejects.toThrow("426 Connection closed; transfer aborted.");
    expect(sent().filter((command) => command.startsWith("CWD"))).toEqual([]);
  });
});
