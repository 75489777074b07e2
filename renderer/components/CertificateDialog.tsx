import { useEffect, useRef, useState } from "react";
import type { CertificateSummary, DistinguishedName, TrustAnswer } from "../../shared/certificate";
import type { PromptMessageOf } from "../../shared/contract";
import { hostAndPort } from "../../shared/host-address";
import { formatDateTime } from "../format";
import { usePromptStore } from "../stores/prompt-store";
import { Icon } from "./Icon";
import { ModalDialog } from "./ModalDialog";

type TrustPrompt = PromptMessageOf<"trust.certificate">;

function sentence(clause: string): string {
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

function NameFields({ name }: { name: DistinguishedName }) {
  return (
    <dl className="name-fields">
      {name.map(({ field, value }, index) => (
        <div key={`${field}-${index}`}>
          <dt>{field}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function commonName(summary: CertificateSummary): string {
  const fields = summary.subject;
  return fields.find((f) => f.field === "CN")?.value ?? fields.map((f) => `${f.field}=${f.value}`).join(", ");
}

/**
 * The Unknown certificate and Certificate changed dialogs. Reject is the default (focused,
 * and what Escape does); "Always trust" is not offered for a certificate out of its dates.
 */
export function CertificateDialog({ prompt }: { prompt: TrustPrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const reject = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState<string>("");
  const { reason, certificate, previousSha256, canAlwaysTrust } = prompt.payload;
  const changed = reason === "changed";
  const problems = new Set(certificate.problems.map((p) => p.code));
  const decide = (choice: TrustAnswer) => answer(prompt, choice);

  useEffect(() => {
    // Opening the dialog focuses its first control; the safe choice is the default one.
    reject.current?.focus();
  }, []);

  async function copyFingerprints() {
    const text = `${hostAndPort(certificate.host, certificate.port)}\nSHA-256: ${certificate.sha256}\nSHA-1: ${certificate.sha1}\n`;
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Fingerprints copied.");
    } catch {
      setCopied("Could not copy to the clipboard.");
    }
  }

  const where = hostAndPort(certificate.host, certificate.port);
  return (
    <ModalDialog
      labelledBy="certificate-title"
      describedBy="certificate-lead"
      className={`certificate-dialog${changed ? " certificate-changed" : ""}`}
      onCancel={() => decide("reject")}
    >
      <h2 id="certificate-title">
        <Icon name="warning" />
        {changed ? "Certificate changed" : "Unknown certificate"}
      </h2>
      {changed ? (
        <p id="certificate-lead" className="certificate-alarm">
          The certificate of {where} is not the one you chose to trust before. The server may have a new certificate, but this can also mean
          that someone is intercepting the connection. Unless you expected this change, choose Reject. Your password has not been sent.
        </p>
      ) : (
        <p id="certificate-lead">
          The server {where} presented a certificate that Ferry could not verify. Check its fingerprint with the server&apos;s administrator
          before you trust it. Your password has not been sent.
        </p>
      )}

      {changed && previousSha256 ? (
        <dl className="fingerprint-compare">
          <div>
            <dt>Trusted before (SHA-256)</dt>
            <dd className="mono">{previousSha256}</dd>
          </div>
          <div>
            <dt>Presented now (SHA-256)</dt>
            <dd className="mono">{certificate.sha256}</dd>
          </div>
        </dl>
      ) : null}

      <section aria-labelledby="certificate-problems">
        <h3 id="certificate-problems">Why it did not verify</h3>
        <ul className="certificate-problems">
          {certificate.problems.map((problem) => (
            <li key={problem.code}>{sentence(problem.text)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="certificate-details" className="certificate-details">
        <h3 id="certificate-details">Certificate</h3>
        <dl className="details-table">
          <dt>Subject</dt>
          <dd>
            <NameFields name={certificate.subject} />
          </dd>
          <dt>Issuer</dt>
          <dd>
            <NameFields name={certificate.issuer} />
          </dd>
          <dt>Alternative names</dt>
          <dd>{certificate.altNames.length > 0 ? certificate.altNames.join(", ") : "None"}</dd>
          <dt>Valid from</dt>
          <dd>
            {formatDateTime(certificate.validFrom)}
            {problems.has("not-yet-valid") ? <strong className="validity-flag">Not yet valid</strong> : null}
          </dd>
          <dt>Valid to</dt>
          <dd>
            {formatDateTime(certificate.validTo)}
            {problems.has("expired") ? <strong className="validity-flag">Expired</strong> : null}
          </dd>
          <dt>SHA-256 fingerprint</dt>
          <dd className="mono">{certificate.sha256}</dd>
          <dt>SHA-1 fingerprint</dt>
          <dd className="mono">{certificate.sha1}</dd>
          <dt>Serial number</dt>
          <dd className="mono">{certificate.serial}</dd>
          <dt>Public key</dt>
          <dd>{certificate.publicKey}</dd>
          <dt>Signature algorithm</dt>
          <dd>{certificate.signatureAlgorithm}</dd>
          <dt>Connection</dt>
          <dd>
            {certificate.tlsVersion}, {certificate.cipher}
          </dd>
          <dt>Server</dt>
          <dd>{where}</dd>
        </dl>
      </section>

      {certificate.chain.length > 0 ? (
        <details className="certificate-chain">
          <summary>Certificate chain ({certificate.chain.length + 1} certificates)</summary>
          <ol>
            <li>{commonName(certificate)} (server)</li>
            {certificate.chain.map((issuer) => (
              <li key={issuer.sha256}>
                {commonName(issuer)}, valid to {formatDateTime(issuer.validTo)}
                <div className="mono">{issuer.sha256}</div>
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      <div className="dialog-buttons">
        <button type="button" className="button-secondary" onClick={() => void copyFingerprints()}>
          Copy fingerprints
        </button>
        <span className="copy-note" role="status">
          {copied}
        </span>
        <button ref={reject} type="button" className="button-default" onClick={() => decide("reject")}>
          Reject
        </button>
        <button type="button" onClick={() => decide("accept-once")}>
          Accept once
        </button>
        {canAlwaysTrust ? (
          <button type="button" onClick={() => decide("always-trust")}>
            Always trust
          </button>
        ) : null}
      </div>
    </ModalDialog>
  );
}
