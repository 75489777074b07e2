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
