import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { CompareCriteria } from "../shared/compare-folders";
import type { SyncDirection } from "../shared/synchronize";
import { scriptedRequest } from "./connect-requests";
import { startScriptedServer, type ScriptedContent } from "./scripted-ftp-server";
import { sessionManagerForTests } from "./session-manager";
import { synchronizeBeside } from "./synchronize-beside";
import { cleanups, temporary } from "./test-cleanups";

/** A session to a scripted server that lies as told; both go when the test ends. */
export async function scriptedSession(content: ScriptedContent) {
  const server = await startScriptedServer(content);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  cleanups.push(() => sessions.closeAll());
  const info = await sessions.open(scriptedRequest(server));
  return { server, sessions, info };
}

/** The same with a queue and a Synchronize service beside it, and an empty local folder to compare. */
export async function scriptedSynchronize(content: ScriptedContent) {
  const session = await scriptedSession(content);
  const { queue, service } = await synchronizeBeside(session.sessions, await temporary("ferry-sync-data-"));
  cleanups.push(() => queue.close());
  return { ...session, queue, service, local: await temporary("ferry-sync-local-") };
}

/**
 * Compares a local folder holding `files` (paths in it, each holding `content`) with the scripted
 * server's /site, as a mirror that deletes: the session, and the comparison's promise.
 */
export async function mirrorAgainst(
  script: ScriptedContent,
  files: readonly string[],
  {
    direction = "local",
    criteria = "size",
    content = "x",
  }: { direction?: SyncDirection; criteria?: CompareCriteria; content?: string } = {},
) {
  const session = await scriptedSynchronize(script);
  for (const name of files) {
    await mkdir(dirname(join(session.local, name)), { recursive: true });
    await writeFile(join(session.local, name), content);
  }
  const plan = session.service.compare("s", {
    sessionId: session.info.id,
    localFolder: session.local,
    remoteFolder: "/site",
    direction,
    mode: "mirror",
    criteria,
    toleranceMs: 1000,
    deleteMissing: true,
    subfolders: true,
  });
  return { ...session, plan };
}
