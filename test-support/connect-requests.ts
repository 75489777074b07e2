import type { ConnectRequest } from "../shared/domain";
import type { RunningTestServer } from "./ftp-test-server";

/** How Ferry connects to a test server over explicit TLS, trusting the test CA (no certificate prompt). */
export function trustedRequest(
  server: Pick<RunningTestServer, "port" | "user" | "password">,
  caPem: string,
  overrides: Partial<ConnectRequest> = {},
): ConnectRequest {
  return {
    host: "127.0.0.1",
    port: server.port,
    user: server.user,
    password: server.password,
    encryption: "explicit-required",
    tls: { trustedCaPem: caPem },
    ...overrides,
  };
}

/** How Ferry connects to a scripted server (plain FTP; the server takes any user and password). */
export function scriptedRequest(server: { port: number }, timeoutMs = 5_000): ConnectRequest {
  return { host: "127.0.0.1", port: server.port, user: "u", password: "p", encryption: "plain", timeoutMs };
}
