import type { TLSSocket } from "node:tls";

/**
 * The group names Node reports for a handshake's key exchange, as a group list (`ecdhCurve`)
 * names them; OpenSSL and BoringSSL (Electron) both know these spellings.
 */
const groupOf: Readonly<Record<string, string>> = {
  X25519: "X25519",
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521",
};

/** What a client offers first by default (TLS 1.3 sends a key share for the first group only). */
const defaultFirst = "X25519";

/**
 * The groups a data connection offers, led by the one the control connection agreed on, or
 * undefined where the default order leads with it already (or the group is one Ferry does not
 * know). TLS 1.3 sends a key share for the first group only: a server without it (vsftpd offers
 * only P-256) answers with a HelloRetryRequest, a round trip more on every data connection.
 */
export function dataConnectionGroups(control: TLSSocket): string | undefined {
  const info = control.getEphemeralKeyInfo();
  const agreed = info && "name" in info && typeof info.name === "string" ? groupOf[info.name] : undefined;
  if (agreed === undefined || agreed === defaultFirst) return undefined;
  return [agreed, ...["X25519", "P-256", "P-384"].filter((group) => group !== agreed)].join(":");
}
