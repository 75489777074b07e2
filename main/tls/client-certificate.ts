import { createSecureContext, type SecureContextOptions } from "node:tls";
import type { ClientCertificate } from "../../shared/certificate";
import { UserFacingError } from "../errors";

function explain(error: unknown): string {
  const words = error instanceof Error ? error.message : String(error);
  if (/bad decrypt|mac verify failure|bad password|interrupted or cancelled/i.test(words)) return "the passphrase is wrong";
  if (/key values mismatch/i.test(words)) return "the key does not belong to the certificate";
  if (/no start line|bad base64|wrong tag|not enough data|header too long|unsupported/i.test(words)) {
    return `the file is not a PEM certificate and key or a PKCS#12 bundle (${words})`;
  }
  return words;
}

/**
 * The TLS options that present a client certificate, checked before connecting so that a
 * wrong passphrase or a mismatched key is reported as such, not as a failed handshake.
 */
export function clientCertificateOptions(certificate: ClientCertificate | undefined): SecureContextOptions {
  if (!certificate) return {};
  const passphrase = certificate.passphrase ? { passphrase: certificate.passphrase } : {};
  const options: SecureContextOptions =
    certificate.format === "pem"
      ? { cert: certificate.certificatePem, key: certificate.keyPem, ...passphrase }
      : { pfx: Buffer.from(certificate.pkcs12Base64, "base64"), ...passphrase };
  try {
    createSecureContext(options);
  } catch (error) {
    throw new UserFacingError("client-certificate", `Ferry cannot use the client certificate: ${explain(error)}.`);
  }
  return options;
}
