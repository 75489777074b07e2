import { inject } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { sessionManagerForTests } from "../../test-support/session-manager";
import type { ServersFile } from "../servers/interop-servers";

type InteropServer = Pick<ServersFile["servers"][number], "port" | "encryption">;

/** A session to one of the interop servers as its test user, the test CA trusted; `site` adds what a saved site would (a time zone). */
export async function interopSession(server: InteropServer, site: Partial<ConnectRequest> = {}) {
  const { servers: file, caPem } = inject("interop");
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open({
    host: "127.0.0.1",
    port: server.port,
    user: file.user,
    password: file.password,
    encryption: server.encryption,
    tls: { trustedCaPem: caPem },
    timeoutMs: 10_000,
    ...site,
  });
  return { sessions, info };
}
