import type { ConnectRequest } from "../../shared/domain";
import { isHostName } from "../../shared/host-address";
import type { SiteSettings } from "../../shared/site";
import { UserFacingError } from "../errors";
import type { Secrets } from "./site-secrets";

/**
 * What connecting to a saved site asks of the session: its settings with its secrets opened.
 * Without a saved password the password is empty, and the session asks for it.
 */
export function connectRequestOf(site: SiteSettings, secrets: Secrets): ConnectRequest {
  // A site saved before hosts were checked may hold one that is none.
  if (!isHostName(site.host))
    throw new UserFacingError(
      "invalid-request",
      `The host of “${site.name}” is not a host name or an IP address: correct it in the site's settings.`,
    );
  const tls = { ...site.tls, ...(secrets.clientCertificate ? { clientCertificate: secrets.clientCertificate } : {}) };
  return {
    host: site.host,
    ...(site.port ? { port: site.port } : {}),
    user: site.user,
    ...(site.account ? { account: site.account } : {}),
    ...(site.postLoginCommands.length > 0 ? { postLoginCommands: site.postLoginCommands } : {}),
    password: secrets.password ?? "",
    encryption: site.encryption,
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    ...(site.timeoutSeconds ? { timeoutMs: site.timeoutSeconds * 1000 } : {}),
    passiveHost: site.passiveHost,
    ...(site.noProxy ? { noProxy: true } : {}),
    dataConnectionMode: site.dataConnectionMode,
    encoding: site.encoding,
    ...(site.encoding === "auto" ? { fallbackEncoding: site.fallbackEncoding } : {}),
    keepAliveSeconds: site.keepAliveSeconds,
    ...(site.initialRemotePath ? { initialRemotePath: site.initialRemotePath } : {}),
    ...(site.serverTimeOffsetMinutes !== undefined ? { serverTimeOffsetMinutes: site.serverTimeOffsetMinutes } : {}),
  };
}
