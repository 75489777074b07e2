import type { promptsContract } from "../../shared/prompts";
import { commandClient } from "../router/command-client";
import type { DomainHandlers } from "../router/router";
import type { PromptBroker } from "./prompt-broker";

/** The user's answers to main's questions, already checked against their prompt's schema by the router. */
export function promptsCommands(prompts: PromptBroker): DomainHandlers<typeof promptsContract> {
  return {
    "prompts.list": async () => ({ prompts: prompts.openFor(commandClient()) }),
    "prompts.answer": async (request) => {
      prompts.answer(request);
      return {};
    },
  };
}
