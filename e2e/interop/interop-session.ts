import { inject } from "vitest";
import type { ProxyRoute } from "../../main/proxy/proxy-route";
import type { SessionPreferences } from "../../main/sessions/session-manager";
import type { ConnectRequest } from "../../shared/domain";
import { sessionManagerForTests } from "../../test-support/session-manager";
import type { ServersFile } from "../servers/interop-servers";

type InteropServer = Pick<ServersFile["servers"][number], "port" | "encryption">;

/** What connects to one of the interop servers as its test user, the test CA trusted; `site` adds what a saved site would (a time zone). */
export function interopRequest(server: InteropServer, site: Partial<ConnectRequest> = {}): ConnectRequest {
  const { servers: file, caPem } = inject("interop");
  return {
    host: "127.0.0.1",
    port: server.port,
    user: file.user,
    password: file.password,
    encryption: server.encryption,
    tls: { trustedCaPem: caPem },
    timeoutMs: 10_000,
    ...site,
  };
}

/** A session to one of the interop servers (`interopRequest`), under the preferences and through the proxy given. */
export async function interopSession(
  server: InteropServer,
  site: Partial<ConnectRequest> = {},
  setting: { preferences?: Partial<SessionPreferences>; proxy?: ProxyRoute } = {},
) {
  const { sessions } = sessionManagerForTests(undefined, setting.preferences, setting.proxy);
  const info = await sessions.open(interopRequest(server, site));
  return { sessions, info };
}
