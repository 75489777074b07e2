import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { PromptMessage } from "../../shared/contract";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates, type KeyAndCertificate } from "../../test-support/test-certificates";
import type { SessionManager } from "../sessions/session-manager";

const root = await mkdtemp(join(tmpdir(), "ferry-ipv6-tls-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const running: RunningTestServer[] = [];
const managers: SessionManager[] = [];
afterEach(() => {
  for (const sessions of managers.splice(0)) sessions.closeAll();
});
afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
  await rm(root, { recursive: true, force: true });
});

async function openOnIpv6(tls: "explicit" | "implicit", certificate: KeyAndCertificate) {
  const server = await startTestServer({ root, tls, certificate, host: "::1" });
  running.push(server);
  const made = sessionManagerForTests();
  managers.push(made.sessions);
  const opening = made.sessions.open({
    host: "::1",
    port: server.port,
    user: server.user,
    password: server.password,
    encryption: tls === "implicit" ? "implicit" : "explicit-required",
    tls: { trustedCaPem: certificates.ca.certPem },
    timeoutMs: 10_000,
  });
  return { ...made, opening };
}

type TrustPrompt = Extract<PromptMessage, { channel: "trust.certificate" }>;

describe.each(["explicit", "implicit"] as const)("a certificate over %s TLS to [::1]", (tls) => {
  it("is verified by the address in its IP SAN, and the session lists over EPSV", async () => {
    const { sessions, opening } = await openOnIpv6(tls, certificates.server);
    const info = await opening;
    expect(info.security).toMatchObject({ encrypted: true, trust: "verified" });
    expect((await sessions.list(info.id)).entries.map((entry) => entry.name)).toContain("hello.txt");
  });

  it("that names other hosts only is not valid for ::1, and the user is asked", async () => {
    const { messages, prompts, opening } = await openOnIpv6(tls, certificates.wrongHost);
    const asked = () => messages.filter((m): m is TrustPrompt => m.kind === "prompt" && m.channel === "trust.certificate");
    await expect.poll(() => asked().length).toBe(1);
    const prompt = asked()[0] as TrustPrompt;
    expect(prompt.payload.certificate).toMatchObject({ host: "::1", problems: [expect.objectContaining({ code: "host-mismatch" })] });
    prompts.answer({ channel: "trust.certificate", promptId: prompt.promptId, answer: "reject" });
    await expect(opening).rejects.toThrow(/certificate of \[::1\]:\d+ was rejected/);
  });
});
