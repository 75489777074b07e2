import { randomUUID } from "node:crypto";
import { prompts, type PromptAnswer, type PromptMessage, type PromptName, type PromptRequest } from "../../shared/contract";

interface Pending {
  channel: PromptName;
  resolve: (answer: unknown) => void;
}

/**
 * Asks the user through the renderer and waits. A prompt that is not answered in time, or
 * whose answer does not fit its schema, resolves to its safe answer.
 */
export class PromptBroker {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly send: (message: PromptMessage) => void,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  ask<P extends PromptName>(channel: P, request: PromptRequest<P>, safeAnswer: PromptAnswer<P>): Promise<PromptAnswer<P>> {
    const promptId = randomUUID();
    return new Promise<PromptAnswer<P>>((resolve) => {
      const timer = setTimeout(() => this.settle(promptId, safeAnswer), this.timeoutMs);
      this.pending.set(promptId, {
        channel,
        resolve: (answer) => {
          clearTimeout(timer);
          const parsed = prompts[channel].answer.safeParse(answer);
          resolve(parsed.success ? (parsed.data as PromptAnswer<P>) : safeAnswer);
        },
      });
      this.send({ kind: "prompt", channel, promptId, payload: request } as PromptMessage);
    });
  }

  /** Delivers an answer from the renderer; unknown or stale ids are ignored. */
  answer(promptId: string, answer: unknown): void {
    this.settle(promptId, answer);
  }

  /** Every open prompt gets its safe answer (the window closed, the host stops). */
  cancelAll(): void {
    for (const [promptId, pending] of this.pending) {
      this.pending.delete(promptId);
      pending.resolve(undefined);
    }
  }

  private settle(promptId: string, answer: unknown): void {
    const pending = this.pending.get(promptId);
    if (!pending) return;
    this.pending.delete(promptId);
    pending.resolve(answer);
  }
}
