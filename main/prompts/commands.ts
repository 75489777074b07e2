import type { promptsContract } from "../../shared/prompts";
import type { DomainHandlers } from "../router/router";
import type { PromptBroker } from "./prompt-broker";

/** The user's answers to main's questions. */
export function promptsCommands(prompts: PromptBroker): DomainHandlers<typeof promptsContract> {
  return {
    "prompts.answer": async ({ promptId, answer }) => {
      prompts.answer(promptId, answer);
      return {};
    },
  };
}
