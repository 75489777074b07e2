/**
 * The prompts domain: every question main asks the user, gathered from the domains that ask
 * them, and the command that carries the answer back. No answer (window closed, timeout)
 * means the safe choice.
 */
import { z } from "zod";
import { trustContract } from "./certificate";
import { sessionsContract } from "./sessions";
import { transfersContract } from "./transfer";

export const prompts = {
  ...sessionsContract.prompts,
  ...trustContract.prompts,
  ...transfersContract.prompts,
} as const;

export type PromptName = keyof typeof prompts;
export type PromptRequest<P extends PromptName> = z.infer<(typeof prompts)[P]["request"]>;
export type PromptAnswer<P extends PromptName> = z.infer<(typeof prompts)[P]["answer"]>;

export const PromptIdSchema = z.string().min(1).max(64);

/** The answer to one prompt: its channel, its id and an answer that fits that prompt's answer schema. */
function answerRequestOf<P extends PromptName>(
  channel: P,
): z.ZodObject<{ channel: z.ZodLiteral<P>; promptId: typeof PromptIdSchema; answer: (typeof prompts)[P]["answer"] }> {
  return z.object({ channel: z.literal(channel), promptId: PromptIdSchema, answer: prompts[channel].answer });
}

/** `prompts.answer`'s request: one member per prompt (a unit test checks that none is missing), chosen by its channel. */
export const PromptAnswerRequestSchema = z.discriminatedUnion("channel", [
  answerRequestOf("sessions.password"),
  answerRequestOf("trust.certificate"),
  answerRequestOf("transfers.overwrite"),
]);
/** The answer to prompt P (mapped over P, so that a generic P keeps channel and answer together). */
export type PromptAnswerRequest<P extends PromptName = PromptName> = {
  [K in P]: { channel: K; promptId: string; answer: PromptAnswer<K> };
}[P];

/** Prompt P as main sends it, with its payload checked against that prompt's request schema. */
function promptMessageOf<P extends PromptName>(
  channel: P,
): z.ZodObject<{
  kind: z.ZodLiteral<"prompt">;
  channel: z.ZodLiteral<P>;
  promptId: typeof PromptIdSchema;
  payload: (typeof prompts)[P]["request"];
}> {
  return z.object({ kind: z.literal("prompt"), channel: z.literal(channel), promptId: PromptIdSchema, payload: prompts[channel].request });
}

/** A prompt as main sends it: one member per prompt, chosen by its channel. */
export const PromptMessageSchema = z.discriminatedUnion("channel", [
  promptMessageOf("sessions.password"),
  promptMessageOf("trust.certificate"),
  promptMessageOf("transfers.overwrite"),
]);

export const promptsContract = {
  commands: {
    /** The prompts still open for this page: a page that connects (or reloads) while the queue asks still sees the question. */
    "prompts.list": {
      request: z.object({}),
      response: z.object({ prompts: z.array(PromptMessageSchema) }),
    },
    "prompts.answer": {
      request: PromptAnswerRequestSchema,
      response: z.object({}),
    },
  },
  events: {
    /** A prompt ended (answered in any window, timed out, cancelled): every window drops it. */
    "prompts.closed": z.object({ promptId: PromptIdSchema }),
  },
} as const;
