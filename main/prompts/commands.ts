import type { CommandHandlers } from "../router/router";
import type { PromptBroker } from "./prompt-broker";

/** The prompts domain's commands: the user's answers, already checked against their prompt's schema by the router. */
export function promptCommands(prompts: PromptBroker): Pick<CommandHandlers, "prompts.answer"> {
  return {
    "prompts.answer": async (request) => {
      prompts.answer(request);
      return {};
    },
  };
}
