import { checkServerIdentity, type TLSSocket } from "node:tls";
import type { CertificateProblem } from "../../shared/certificate";

/** Each problem as a clause: the dialog shows them as a list, errors join them into a sentence. */
export const certificateProblemText: Record<CertificateProblem, string> = {
  "self-signed": "it is self-signed: no certificate authority vouches for it",
  "unknown-issuer": "it was issued by an authority that is not trusted",
  "host-mismatch": "it is not valid for this host name",
  expired: "it has expired",
  "not-yet-valid": "it is not valid yet",
  revoked: "it has been revoked",
  other: "it could not be verified",
};

export interface CertificateVerdict {
  problems: CertificateProblem[];
  /** OpenSSL's own words, for the cases the list above does not name. */
  detail?: string;
  sha256: string;
  tlsVersion: string;
  cipher: string;
}

const chainProblems: Record<string, CertificateProblem> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed",
  UNABLE_TO_GET_ISSUER_CERT: "unknown-issuer",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown-issuer",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unknown-issuer",
  CERT_UNTRUSTED: "unknown-issuer",
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "not-yet-valid",
  CERT_REVOKED: "revoked",
  ERR_TLS_CERT_ALTNAME_INVALID: "host-mismatch",
};

/**
 * Verifies the certificate of a TLS socket that was opened with verification off: the chain
 * (as OpenSSL judged it against the CAs given to the socket), the host name, and the dates.
 * Every problem is listed, not just the first, so that the user sees the whole picture.
 */
export function verifyServerCertificate(socket: TLSSocket, host: string, now = new Date()): CertificateVerdict {
  // getPeerCertificate, not getPeerX509Certificate: on Node 20 calling the latter first
  // leaves the former without its alternative names.
  const peer = socket.getPeerCertificate();
  if (!peer.raw) throw new Error("The server presented no certificate.");
  const problems = new Set<CertificateProblem>();
  let detail: string | undefined;
  const chainError = socket.authorizationError ? String(socket.authorizationError) : undefined;
  if (chainError) {
    const problem = chainProblems[chainError];
    if (problem) problems.add(problem);
    else {
      problems.add("other");
      detail = chainError;
    }
  }
  if (checkServerIdentity(host, peer)) problems.add("host-mismatch");
  if (now < new Date(peer.valid_from)) problems.add("not-yet-valid");
  if (now > new Date(peer.valid_to)) problems.add("expired");
  const cipher = socket.getCipher();
  return {
    problems: [...problems],
    ...(detail ? { detail } : {}),
    sha256: peer.fingerprint256,
    tlsVersion: socket.getProtocol() ?? cipher.version,
    cipher: cipher.standardName ?? cipher.name,
  };
}
