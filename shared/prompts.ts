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

export const promptsContract = {
  commands: {
    "prompts.answer": {
      request: z.object({ promptId: z.string().min(1).max(64), answer: z.unknown() }),
      response: z.object({}),
    },
  },
} as const;
