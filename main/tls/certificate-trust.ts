import type { TLSSocket } from "node:tls";
import { normalizeSha256, type TlsOptions } from "../../shared/certificate";
import type { Security } from "../../shared/domain";
import { hostAndPort } from "../../shared/host-address";
import { UserFacingError } from "../errors";
import type { PromptBroker } from "../prompts/prompt-broker";
import { describeServerCertificate } from "./describe-certificate";
import type { TrustStore } from "./trust-store";
import { verifyServerCertificate } from "./verify-server-certificate";

export type EncryptedSecurity = Extract<Security, { encrypted: true }>;

export interface TrustQuestion {
  socket: TLSSocket;
  host: string;
  port: number;
  tls: TlsOptions | undefined;
  /** The certificate this session's connections were accepted on, or what the user accepted moments ago for this same connect. */
  accepted?: EncryptedSecurity;
  /** Runs the prompt; the connect deadline stops while the user reads. */
  whileAsking<T>(ask: () => Promise<T>): Promise<T>;
}

export interface TrustOutcome {
  security: EncryptedSecurity;
  /** True when the user was asked: the server may have given up waiting meanwhile. */
  asked: boolean;
}

const nothingSent = "Ferry closed the connection before sending your password.";

/**
 * Decides whether a TLS connection may carry the user's password: a pinned fingerprint
 * decides alone; otherwise a certificate that verifies passes, one the user trusted before
 * passes, and any other is put to the user, as unknown or as changed.
 */
export class CertificateTrust {
  /** "Accept once" answers, by host:port: trusted until Ferry exits (FileZilla's way), never written anywhere. */
  private readonly acceptedOnce = new Map<string, string>();

  constructor(
    private readonly store: TrustStore,
    private readonly prompts: PromptBroker,
  ) {}

  async decide(question: TrustQuestion): Promise<TrustOutcome> {
    const { socket, host, port } = question;
    const verdict = verifyServerCertificate(socket, host);
    const security = (trust: EncryptedSecurity["trust"]): EncryptedSecurity => ({
      encrypted: true,
      tlsVersion: verdict.tlsVersion,
      cipher: verdict.cipher,
      fingerprint: verdict.sha256,
      trust,
    });
    const pinned = question.tls?.pinnedSha256 ? normalizeSha256(question.tls.pinnedSha256) : undefined;
    if (pinned) {
      if (pinned === verdict.sha256) return { security: security("pinned"), asked: false };
      throw new UserFacingError(
        "certificate-invalid",
        `The server's certificate does not match the pinned fingerprint. Pinned SHA-256: ${pinned}. ` +
          `Presented SHA-256: ${verdict.sha256}. ${nothingSent}`,
      );
    }
    if (verdict.problems.length === 0) return { security: security("verified"), asked: false };
    if (question.accepted?.fingerprint === verdict.sha256) return { security: question.accepted, asked: false };

    const stored = await this.store.find(host, port);
    if (stored?.sha256 === verdict.sha256) return { security: security("trusted"), asked: false };
    const target = `${host.toLowerCase()}:${port}`;
    const onceBefore = this.acceptedOnce.get(target);
    if (onceBefore === verdict.sha256) return { security: security("accepted-once"), asked: false };
    // A certificate other than the one accepted earlier in this run, or than the one this session started on (verified, say),
    // is as much a change as one other than the stored one: it is what a man in the middle of a reconnect presents.
    const previousSha256 = stored?.sha256 ?? onceBefore ?? question.accepted?.fingerprint;

    const canAlwaysTrust = !verdict.problems.includes("expired") && !verdict.problems.includes("not-yet-valid");
    const certificate = describeServerCertificate(socket, { host, port }, verdict);
    const answer = await question.whileAsking(() =>
      this.prompts.ask(
        "trust.certificate",
        { reason: previousSha256 ? "changed" : "unknown", certificate, ...(previousSha256 ? { previousSha256 } : {}), canAlwaysTrust },
        "reject",
      ),
    );
    if (answer === "reject" || (answer === "always-trust" && !canAlwaysTrust)) {
      throw new UserFacingError(
        "certificate-rejected",
        `The ${previousSha256 ? "changed " : ""}certificate of ${hostAndPort(host, port)} was rejected. ${nothingSent}`,
      );
    }
    if (answer === "always-trust") {
      const commonName = certificate.subject.find((field) => field.field === "CN")?.value;
      const subject = commonName ?? certificate.subject.map((field) => `${field.field}=${field.value}`).join(", ");
      await this.store.trust({ host, port, sha256: verdict.sha256, subject, trustedAt: Date.now() });
      return { security: security("trusted"), asked: true };
    }
    this.acceptedOnce.set(target, verdict.sha256);
    return { security: security("accepted-once"), asked: true };
  }
}
