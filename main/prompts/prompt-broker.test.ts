import { describe, expect, it } from "vitest";
import { PromptAnswerRequestSchema, PromptNameSchema, type EventMessage, type PromptMessage } from "../../shared/contract";
import { PromptMessageSchema } from "../../shared/prompts";
import { handleFor, type ClientId } from "../router/command-client";
import { PromptBroker } from "./prompt-broker";

const request = { host: "h", port: 21, user: "u" };

/** A broker whose messages are kept with the client they went to (undefined: every client). */
function brokerForTests(timeoutMs?: number) {
  const sent: { message: EventMessage | PromptMessage; to: ClientId | undefined }[] = [];
  const broker = new PromptBroker((message, to) => sent.push({ message, to }), timeoutMs);
  const prompts = () => sent.flatMap(({ message, to }) => (message.kind === "prompt" ? [{ ...message, to }] : []));
  const closed = () =>
    sent.flatMap(({ message, to }) =>
      message.kind === "event" && message.channel === "prompts.closed" ? [{ ...message.payload, to }] : [],
    );
  return { broker, prompts, closed };
}

describe("PromptBroker", () => {
  it("resolves with the user's answer and tells every client the prompt is closed", async () => {
    const { broker, prompts, closed } = brokerForTests();
    const answer = broker.ask("sessions.password", request, null);
    const promptId = prompts()[0]!.promptId;
    expect(closed()).toEqual([]);
    broker.answer({ channel: "sessions.password", promptId, answer: { password: "pw" } });
    expect(await answer).toEqual({ password: "pw" });
    expect(closed()).toEqual([{ promptId, to: undefined }]);
  });

  it("takes the safe answer on timeout and when cancelled, and closes the prompt everywhere", async () => {
    const { broker, prompts, closed } = brokerForTests(20);
    expect(await broker.ask("sessions.password", request, null)).toBeNull();
    expect(closed()).toEqual([{ promptId: prompts()[0]!.promptId, to: undefined }]);
    const cancelled = brokerForTests();
    const asked = cancelled.broker.askEveryone("transfers.overwrite", overwriteRequest(), { action: "skip", applyToAll: false });
    cancelled.broker.cancelAll();
    expect(await asked).toEqual({ action: "skip", applyToAll: false });
    expect(cancelled.closed()).toHaveLength(1);
  });

  it("ignores an answer of another kind, and answers to prompts that are no longer open", async () => {
    const { broker, prompts, closed } = brokerForTests();
    const answer = broker.ask("sessions.password", request, null);
    const promptId = prompts()[0]!.promptId;
    broker.answer({ channel: "trust.certificate", promptId, answer: "always-trust" });
    broker.answer({ channel: "sessions.password", promptId: "no-such-prompt", answer: { password: "x" } });
    expect(closed()).toEqual([]);
    broker.answer({ channel: "sessions.password", promptId, answer: { password: "right" } });
    // A second window answering the same prompt a moment later changes nothing.
    broker.answer({ channel: "sessions.password", promptId, answer: { password: "late" } });
    expect(await answer).toEqual({ password: "right" });
    expect(closed()).toHaveLength(1);
  });

  it("shows a prompt to the client whose command raised it, and background prompts to every client", async () => {
    const { broker, prompts } = brokerForTests();
    let leftRunning: Promise<void> | undefined;
    await handleFor("A", async () => {
      void broker.ask("sessions.password", request, null);
      void broker.askEveryone("transfers.overwrite", overwriteRequest(), { action: "skip", applyToAll: false });
      // Work the command starts and does not wait for: it asks after the command was answered.
      leftRunning = new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() => void broker.ask("sessions.password", request, null));
    });
    await leftRunning;
    void broker.ask("sessions.password", request, null);
    expect(prompts().map(({ channel, to }) => [channel, to])).toEqual([
      ["sessions.password", "A"],
      ["transfers.overwrite", undefined],
      ["sessions.password", undefined],
      ["sessions.password", undefined],
    ]);
    broker.cancelAll();
  });

  it("gives the safe answer to the prompts of a client that went away, and only to those", async () => {
    const { broker, prompts, closed } = brokerForTests();
    const fromA = handleFor("A", () => broker.ask("sessions.password", request, null));
    const fromB = handleFor("B", () => broker.ask("sessions.password", request, null));
    const forEveryone = broker.askEveryone("transfers.overwrite", overwriteRequest(), { action: "skip", applyToAll: false });
    broker.clientGone("A");
    expect(await fromA).toBeNull();
    expect(closed()).toEqual([{ promptId: prompts()[0]!.promptId, to: undefined }]);
    broker.answer({ channel: "sessions.password", promptId: prompts()[1]!.promptId, answer: { password: "b" } });
    broker.answer({ channel: "transfers.overwrite", promptId: prompts()[2]!.promptId, answer: { action: "overwrite", applyToAll: true } });
    expect(await fromB).toEqual({ password: "b" });
    expect(await forEveryone).toEqual({ action: "overwrite", applyToAll: true });
  });

  it("lists the prompts still open for a page that connects later: every page's, and its own, never another page's", async () => {
    const { broker, prompts } = brokerForTests();
    void handleFor("A", () => broker.ask("sessions.password", request, null));
    void broker.askEveryone("transfers.overwrite", overwriteRequest(), { action: "skip", applyToAll: false });
    const [forA, forEveryone] = prompts();
    expect(broker.openFor("B").map((prompt) => prompt.promptId)).toEqual([forEveryone!.promptId]);
    expect(
      broker
        .openFor("A")
        .map((prompt) => prompt.promptId)
        .toSorted(),
    ).toEqual([forA!.promptId, forEveryone!.promptId].toSorted());
    broker.answer({ channel: "transfers.overwrite", promptId: forEveryone!.promptId, answer: { action: "skip", applyToAll: false } });
    expect(broker.openFor("B")).toEqual([]);
    broker.cancelAll();
  });

  it("ends at once with the safe answer a prompt the renderer would refuse", async () => {
    const { broker, prompts } = brokerForTests();
    expect(await broker.ask("sessions.password", { ...request, port: 21.5 }, null)).toBeNull();
    expect(prompts()).toEqual([]);
  });
});

describe("prompts.answer's request", () => {
  it("has a member for every prompt, and takes only answers that fit that prompt", () => {
    const channels = PromptAnswerRequestSchema.options.map((option) => option.shape.channel.value);
    expect(channels.toSorted()).toEqual(PromptNameSchema.options.toSorted());
    const listed = PromptMessageSchema.options.map((option) => option.shape.channel.value);
    expect(listed.toSorted()).toEqual(PromptNameSchema.options.toSorted());
    expect(PromptAnswerRequestSchema.safeParse({ channel: "trust.certificate", promptId: "p", answer: "accept-once" }).success).toBe(true);
    expect(PromptAnswerRequestSchema.safeParse({ channel: "trust.certificate", promptId: "p", answer: { password: "x" } }).success).toBe(
      false,
    );
    expect(PromptAnswerRequestSchema.safeParse({ channel: "sessions.password", promptId: "p", answer: "accept-once" }).success).toBe(false);
  });
});

function overwriteRequest() {
  const facts = { path: "/a.txt", size: 1 };
  return {
    direction: "download" as const,
    source: facts,
    target: facts,
    canResume: false,
    suggestedName: "a (1).txt",
    moreInBatch: { count: 0, orMore: false },
  };
}
