import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

/**
 * The CA list for a session that names CAs of its own. Node's default store already holds
 * the system roots plus NODE_EXTRA_CA_CERTS, but passing `ca` replaces that store, so the
 * list is rebuilt here. Returns undefined when the default store is enough.
 */
export function sessionCertificateAuthorities(extraPem: string | undefined): string[] | undefined {
  if (!extraPem) return undefined;
  return [...rootCertificates, ...environmentCertificateAuthorities(), extraPem];
}

function environmentCertificateAuthorities(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start-up.
    return [];
  }
}
