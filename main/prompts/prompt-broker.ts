import { randomUUID } from "node:crypto";
import {
  parseMainMessage,
  type EventMessage,
  type PromptAnswer,
  type PromptAnswerRequest,
  type PromptMessage,
  type PromptName,
  type PromptRequest,
} from "../../shared/contract";
import { commandClient, type ClientId } from "../router/command-client";

/** Delivers a message to one client, or to every client when `to` is undefined. */
export type SendToClients = (message: EventMessage | PromptMessage, to?: ClientId) => void;

interface OpenPrompt<P extends PromptName> {
  /** The one client that shows the prompt; undefined when every client does. */
  client: ClientId | undefined;
  /** The prompt as it was sent, for a client that connects while it is open. */
  message: PromptMessage;
  /** Ends the prompt with the user's answer. */
  take(answer: PromptAnswer<P>): void;
  /** Ends the prompt with its safe answer. */
  giveUp(): void;
}

/** Open prompts by channel, so that an answer reaches a prompt of its own kind only. */
type OpenPrompts = { [P in PromptName]: Map<string, OpenPrompt<P>> };

/**
 * Asks the user through the renderer and waits. A prompt goes to the client whose command
 * raised it, or to every client when background work raised it; when it ends (answered,
 * timed out, cancelled) every client is told to drop it. No answer in time means the safe answer.
 */
export class PromptBroker {
  private readonly open: OpenPrompts = { "sessions.password": new Map(), "trust.certificate": new Map(), "transfers.overwrite": new Map() };

  constructor(
    private readonly send: SendToClients,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  /** Asks the client whose command is being handled, or every client outside a command. */
  ask<P extends PromptName>(channel: P, request: PromptRequest<P>, safeAnswer: PromptAnswer<P>): Promise<PromptAnswer<P>> {
    return this.raise(channel, request, safeAnswer, commandClient());
  }

  /** Asks every client, whoever started the work (the queue's questions concern them all). */
  askEveryone<P extends PromptName>(channel: P, request: PromptRequest<P>, safeAnswer: PromptAnswer<P>): Promise<PromptAnswer<P>> {
    return this.raise(channel, request, safeAnswer, undefined);
  }

  /**
   * Delivers an answer the router validated against its prompt's schema. An id that is not
   * open for that channel (answered in another window, timed out) is ignored: its dialog is going.
   */
  answer<P extends PromptName>(request: PromptAnswerRequest<P>): void {
    this.open[request.channel].get(request.promptId)?.take(request.answer);
  }

  /** The prompts open for a client: those every client shows and its own, oldest first. */
  openFor(clientId: ClientId | undefined): PromptMessage[] {
    return this.everyOpen()
      .filter((prompt) => prompt.client === undefined || prompt.client === clientId)
      .map((prompt) => prompt.message);
  }

  /** Every open prompt gets its safe answer (the last window closed, the host stops). */
  cancelAll(): void {
    for (const prompt of this.everyOpen()) prompt.giveUp();
  }

  /** A client went away: the prompts only it showed get their safe answer. */
  clientGone(clientId: ClientId): void {
    for (const prompt of this.everyOpen()) if (prompt.client === clientId) prompt.giveUp();
  }

  private everyOpen(): OpenPrompt<PromptName>[] {
    return Object.values(this.open).flatMap((prompts) => [...prompts.values()]);
  }

  private raise<P extends PromptName>(
    channel: P,
    request: PromptRequest<P>,
    safeAnswer: PromptAnswer<P>,
    client: ClientId | undefined,
  ): Promise<PromptAnswer<P>> {
    const promptId = randomUUID();
    const prompts = this.open[channel];
    return new Promise<PromptAnswer<P>>((resolve) => {
      const end = (answer: PromptAnswer<P>) => {
        clearTimeout(timer);
        prompts.delete(promptId);
        this.send({ kind: "event", channel: "prompts.closed", payload: { promptId } });
        resolve(answer);
      };
      const timer = setTimeout(() => end(safeAnswer), this.timeoutMs);
      // Checked against the contract as the renderer will check it: a prompt it would drop
      // (a certificate with fields beyond the schema's limits) ends now, not after the timeout.
      const message = parseMainMessage({ kind: "prompt", channel, promptId, payload: request });
      if (message?.kind !== "prompt") {
        end(safeAnswer);
        return;
      }
      prompts.set(promptId, { client, message, take: end, giveUp: () => end(safeAnswer) });
      this.send(message, client);
    });
  }
}
