import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CertificateSummarySchema } from "../../shared/certificate";
import { createTestCertificates } from "../../test-support/test-certificates";
import { summarizeCertificate } from "./describe-certificate";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const der = (pem: string) => Buffer.from(x509.PemConverter.decode(pem)[0] as ArrayBuffer);

describe("certificate summaries", () => {
  it("split names into fields and name the algorithms", async () => {
    const { client } = await createTestCertificates();
    const summary = summarizeCertificate(der(client.certPem));
    expect(summary.subject).toEqual([
      { field: "CN", value: "ferry-user" },
      { field: "O", value: "Ferry tests" },
    ]);
    expect(summary.issuer).toContainEqual({ field: "CN", value: "Ferry Test CA" });
    expect(summary).toMatchObject({ publicKey: "EC P-256 (256 bits)", signatureAlgorithm: "ECDSA with SHA-256", altNames: [] });
    expect(summary.validTo).toBeGreaterThan(summary.validFrom);
  });

  it("cut a hostile certificate down to what the contract carries", async () => {
    const keys = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const longName = "x".repeat(5000);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01",
      name: `CN=${longName}`,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      keys: keys as CryptoKeyPair,
      extensions: [
        new x509.SubjectAlternativeNameExtension(
          Array.from({ length: 1500 }, (_, i) => ({ type: "dns" as const, value: `host${i}.example` })),
        ),
      ],
    });
    const summary = summarizeCertificate(Buffer.from(certificate.rawData));
    expect(CertificateSummarySchema.safeParse(summary).success).toBe(true);
    expect(summary.altNames).toHaveLength(1000);
    expect(summary.subject[0]?.value).toHaveLength(1024);
  });
});
