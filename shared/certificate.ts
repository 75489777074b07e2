/**
 * The trust domain: certificates as the user sees them, what the trust dialog shows, what the
 * trust store keeps, the TLS options a session can carry, and the `trust.*` channels.
 */
import { z } from "zod";

/** Why a server certificate did not verify. */
export const certificateProblems = [
  "self-signed",
  "unknown-issuer",
  "host-mismatch",
  "expired",
  "not-yet-valid",
  "revoked",
  "other",
] as const;
export const CertificateProblemSchema = z.enum(certificateProblems);
export type CertificateProblem = z.infer<typeof CertificateProblemSchema>;

/** A distinguished name split into its fields, in certificate order (C, O, OU, CN, …). */
export const DistinguishedNameSchema = z.array(z.object({ field: z.string().max(64), value: z.string().max(1024) })).max(64);
export type DistinguishedName = z.infer<typeof DistinguishedNameSchema>;

export const CertificateSummarySchema = z.object({
  subject: DistinguishedNameSchema,
  issuer: DistinguishedNameSchema,
  /** "DNS:ftp.example.com", "IP:127.0.0.1", … */
  altNames: z.array(z.string().max(1024)).max(1000),
  /** Milliseconds since the epoch. */
  validFrom: z.number(),
  validTo: z.number(),
  /** Colon-separated upper-case hex. */
  sha256: z.string(),
  sha1: z.string(),
  serial: z.string(),
  /** "RSA 2048 bits", "ECDSA P-256 (256 bits)", … */
  publicKey: z.string(),
  signatureAlgorithm: z.string(),
});
export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

/** A server's certificate as presented on one connection, with the verdict on it. */
export const ServerCertificateSchema = CertificateSummarySchema.extend({
  host: z.string(),
  port: z.number().int(),
  tlsVersion: z.string(),
  cipher: z.string(),
  problems: z.array(z.object({ code: CertificateProblemSchema, text: z.string() })),
  /** The issuers above the server certificate, nearest first, as far as the server sent them. */
  chain: z.array(CertificateSummarySchema).max(16),
});
export type ServerCertificate = z.infer<typeof ServerCertificateSchema>;

/** What the user chose in the certificate dialog; "reject" is the safe answer. */
export const trustAnswers = ["reject", "accept-once", "always-trust"] as const;
export const TrustAnswerSchema = z.enum(trustAnswers);
export type TrustAnswer = z.infer<typeof TrustAnswerSchema>;

/** One certificate the user chose to always trust for one host and port. */
export const TrustedCertificateSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  sha256: z.string(),
  /** The subject's common name, or the whole subject when it has none. */
  subject: z.string(),
  /** Milliseconds since the epoch. */
  trustedAt: z.number(),
});
export type TrustedCertificate = z.infer<typeof TrustedCertificateSchema>;

const fingerprintHex = /^(?:[0-9A-Fa-f]{2}[:\s]?){31}[0-9A-Fa-f]{2}$/;

/** "ab cd…", "abcd…" or "AB:CD:…" → "AB:CD:…"; undefined when it is not a SHA-256 fingerprint. */
export function normalizeSha256(text: string): string | undefined {
  const trimmed = text.trim();
  if (!fingerprintHex.test(trimmed)) return undefined;
  const hex = trimmed.replace(/[:\s]/g, "").toUpperCase();
  return hex.match(/../g)?.join(":");
}

export const tlsVersions = ["TLSv1.2", "TLSv1.3"] as const;
export const TlsVersionSchema = z.enum(tlsVersions);
export type TlsVersion = z.infer<typeof TlsVersionSchema>;

const pem = z.string().max(1_000_000);
const passphrase = z.string().max(1024);

/** A client certificate for servers that require mutual TLS: PEM files, or a PKCS#12 bundle. */
export const ClientCertificateSchema = z.discriminatedUnion("format", [
  z.object({ format: z.literal("pem"), certificatePem: pem, keyPem: pem, passphrase: passphrase.optional() }),
  z.object({ format: z.literal("pkcs12"), pkcs12Base64: z.string().max(2_000_000), passphrase: passphrase.optional() }),
]);
export type ClientCertificate = z.infer<typeof ClientCertificateSchema>;

export const TlsOptionsSchema = z.object({
  /** Extra certificate authorities (PEM) to trust for this session, beside the system roots. */
  trustedCaPem: pem.optional(),
  /** The server certificate's SHA-256: a match connects without asking, anything else is refused. */
  pinnedSha256: z
    .string()
    .refine((text) => normalizeSha256(text) !== undefined, "a SHA-256 fingerprint is 32 bytes of hex")
    .optional(),
  clientCertificate: ClientCertificateSchema.optional(),
  /** Default TLS 1.2. */
  minVersion: TlsVersionSchema.optional(),
});
export type TlsOptions = z.infer<typeof TlsOptionsSchema>;

export const trustContract = {
  commands: {
    "trust.list": {
      request: z.object({}),
      response: z.object({
        entries: z.array(TrustedCertificateSchema),
        /** Set when the trust store could not be read and was put aside. */
        notice: z.string().optional(),
      }),
    },
    "trust.remove": {
      request: z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }),
      response: z.object({}),
    },
  },
  prompts: {
    /** A certificate that did not verify and is not trusted yet, or that changed since it was. */
    "trust.certificate": {
      request: z.object({
        reason: z.enum(["unknown", "changed"]),
        certificate: ServerCertificateSchema,
        /** The SHA-256 trusted before, when the certificate changed. */
        previousSha256: z.string().optional(),
        /** False for an expired or not-yet-valid certificate: it can be accepted once, never stored. */
        canAlwaysTrust: z.boolean(),
      }),
      answer: TrustAnswerSchema,
    },
  },
} as const;
