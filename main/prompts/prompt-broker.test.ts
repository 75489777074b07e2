import { describe, expect, it } from "vitest";
import type { PromptMessage } from "../../shared/contract";
import { PromptBroker } from "./prompt-broker";

const request = { host: "h", port: 21, user: "u" };

describe("PromptBroker", () => {
  it("resolves with the user's answer", async () => {
    const sent: PromptMessage[] = [];
    const broker = new PromptBroker((m) => sent.push(m));
    const answer = broker.ask("sessions.password", request, null);
    broker.answer(sent[0]!.promptId, { password: "pw" });
    expect(await answer).toEqual({ password: "pw" });
  });

  it("takes the safe answer on timeout, on a malformed answer, and when cancelled", async () => {
    const sent: PromptMessage[] = [];
    const broker = new PromptBroker((m) => sent.push(m), 20);
    expect(await broker.ask("sessions.password", request, null)).toBeNull();
    const malformed = broker.ask("sessions.password", request, null);
    broker.answer(sent[1]!.promptId, { password: 42 });
    expect(await malformed).toBeNull();
    const closing = new PromptBroker(() => undefined);
    const cancelled = closing.ask("sessions.password", request, null);
    closing.cancelAll();
    expect(await cancelled).toBeNull();
  });

  it("ignores answers to unknown prompts", () => {
    expect(() => new PromptBroker(() => undefined).answer("nope", { password: "x" })).not.toThrow();
  });
});
