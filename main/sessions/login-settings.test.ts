import { describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { cleanups } from "../../test-support/test-cleanups";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";

/** What a connection sends between its password and its first question about folders, on a server with these FEAT lines. */
async function settingsSent(features: string[], fallbackEncoding?: "windows-1252") {
  const server = await startScriptedServer({ listings: { "/": "" }, features });
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  cleanups.push(() => sessions.closeAll());
  await sessions.open({ ...scriptedRequest(server), ...(fallbackEncoding ? { fallbackEncoding } : {}) });
  const commands = server.commands;
  return commands.slice(commands.indexOf("PASS") + 1, commands.indexOf("PWD"));
}

describe("the settings a connection sends after login", () => {
  it("are TYPE I and UTF-8 names on a server whose MLSD facts are all on: no STRU F, no OPTS MLST", async () => {
    expect(await settingsSent([" UTF8", " MLST type*;size*;modify*;UNIX.mode*;unique*;perm*;"])).toEqual([
      "FEAT",
      "TYPE I",
      "OPTS UTF8 ON",
    ]);
  });

  it("switch on the MLSD facts Ferry reads where one is off, and leave UTF-8 alone where names are read in another encoding", async () => {
    expect(await settingsSent([" MLST type*;size;modify*;"], "windows-1252")).toEqual([
      "FEAT",
      "TYPE I",
      "OPTS MLST type;size;modify;unique;unix.mode;unix.owner;unix.group;unix.ownername;unix.groupname;",
    ]);
  });
});
