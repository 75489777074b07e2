import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHash } from "node:crypto";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { CertificateSummary, DistinguishedName, ServerCertificate } from "../../shared/certificate";
import { certificateProblemText, type CertificateVerdict } from "./verify-server-certificate";

/** Colon-separated upper-case hex of a digest of the DER, as WinSCP and FileZilla print it. */
export function fingerprint(der: Buffer, algorithm: "sha256" | "sha1"): string {
  return createHash(algorithm).update(der).digest("hex").toUpperCase().match(/../g)?.join(":") ?? "";
}

// A hostile certificate can carry more than the contract lets through: cut it down to fit.
const clip = (text: string) => text.slice(0, 1024);

function distinguishedName(name: x509.Name): DistinguishedName {
  return name
    .toJSON()
    .flatMap((rdn) =>
      Object.entries(rdn).flatMap(([field, values]) => values.map((value) => ({ field: field.slice(0, 64), value: clip(value) }))),
    )
    .slice(0, 64);
}

function hashName(algorithm: { hash?: unknown }): string {
  const hash = algorithm.hash as { name?: string } | string | undefined;
  return typeof hash === "string" ? hash : (hash?.name ?? "");
}

const signatureNames: Record<string, string> = {
  "RSASSA-PKCS1-v1_5": "RSA PKCS#1 v1.5",
  "RSA-PSS": "RSA-PSS",
  ECDSA: "ECDSA",
};

function signatureAlgorithm(certificate: x509.X509Certificate): string {
  try {
    const algorithm = certificate.signatureAlgorithm as { name: string; hash?: unknown };
    const hash = hashName(algorithm);
    const name = signatureNames[algorithm.name] ?? algorithm.name;
    return hash ? `${name} with ${hash}` : name;
  } catch {
    // The parser throws on algorithms it does not know.
    return "unknown";
  }
}

const curveBits: Record<string, number> = { "P-256": 256, "P-384": 384, "P-521": 521 };

function publicKey(certificate: x509.X509Certificate): string {
  const algorithm = certificate.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  if (algorithm.modulusLength) return `RSA ${algorithm.modulusLength} bits`;
  if (algorithm.namedCurve) {
    const bits = curveBits[algorithm.namedCurve];
    return `${algorithm.name === "ECDSA" ? "EC" : algorithm.name} ${algorithm.namedCurve}${bits ? ` (${bits} bits)` : ""}`;
  }
  return algorithm.name;
}

function altNames(certificate: x509.X509Certificate): string[] {
  const extension = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  if (!extension) return [];
  return extension.names
    .toJSON()
    .slice(0, 1000)
    .map((name) => clip(`${name.type.toUpperCase()}:${name.value}`));
}

/** Everything the trust dialog shows about one certificate, parsed from its DER. */
export function summarizeCertificate(der: Buffer): CertificateSummary {
  const certificate = new x509.X509Certificate(new Uint8Array(der));
  return {
    subject: distinguishedName(certificate.subjectName),
    issuer: distinguishedName(certificate.issuerName),
    altNames: altNames(certificate),
    validFrom: certificate.notBefore.getTime(),
    validTo: certificate.notAfter.getTime(),
    sha256: fingerprint(der, "sha256"),
    sha1: fingerprint(der, "sha1"),
    serial:
      certificate.serialNumber
        .toUpperCase()
        .match(/.{1,2}/g)
        ?.join(":") ?? "",
    publicKey: publicKey(certificate),
    signatureAlgorithm: signatureAlgorithm(certificate),
  };
}

/** The certificates above the server's, as far as the server sent them. */
function issuerChain(peer: DetailedPeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  let current = peer;
  while (current.issuerCertificate && current.issuerCertificate !== current && chain.length < 16) {
    current = current.issuerCertificate;
    if (!current.raw) break;
    chain.push(current.raw);
  }
  return chain;
}

/** The server certificate of a TLS connection with its verdict, as the trust dialog shows it. */
export function describeServerCertificate(
  socket: TLSSocket,
  target: { host: string; port: number },
  verdict: CertificateVerdict,
): ServerCertificate {
  const peer = socket.getPeerCertificate(true);
  return {
    ...summarizeCertificate(peer.raw),
    host: target.host,
    port: target.port,
    tlsVersion: verdict.tlsVersion,
    cipher: verdict.cipher,
    problems: verdict.problems.map((code) => ({
      code,
      text: code === "other" && verdict.detail ? `${certificateProblemText.other} (${verdict.detail})` : certificateProblemText[code],
    })),
    chain: issuerChain(peer).map(summarizeCertificate),
  };
}
