import {
  CommandNameSchema,
  commands,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type CommandResult,
} from "../../shared/contract";
import { toUserError } from "../errors";
import { handleFor, type ClientId } from "./command-client";

export type CommandHandlers = {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<CommandResponse<C>>;
};

/** The handlers of one domain's commands: what each `main/<domain>/commands.ts` returns. */
export type DomainHandlers<Contract extends { commands: object }> = Pick<CommandHandlers, keyof Contract["commands"] & CommandName>;

/**
 * Binds the contract to the services. Both transports hand every command to `dispatch`,
 * which validates the channel and payload and returns errors as data. `clientId` names the
 * page or window that sent the command: prompts its handler raises go there alone.
 */
export function createRouter(handlers: CommandHandlers) {
  return {
    async dispatch(channel: unknown, payload: unknown, clientId?: ClientId): Promise<CommandResult<CommandName>> {
      const name = CommandNameSchema.safeParse(channel);
      if (!name.success) return { ok: false, error: { code: "invalid-request", message: "Unknown command." } };
      const request = commands[name.data].request.safeParse(payload);
      if (!request.success) {
        const issue = request.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
        return { ok: false, error: { code: "invalid-request", message: `${where}${issue?.message ?? "invalid request"}` } };
      }
      const handler = handlers[name.data] as (request: unknown) => Promise<unknown>;
      try {
        const value = await handleFor(clientId, () => handler(request.data));
        return { ok: true, value } as CommandResult<CommandName>;
      } catch (error) {
        return { ok: false, error: toUserError(error) };
      }
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
