import {
  commands,
  parseMainMessage,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type CommandResult,
  type EventMessage,
  type FerryBridge,
  type PromptMessage,
} from "../../shared/contract";
import { CommandError } from "./bridge";

/** How a unit test plays main for one command: an answer, or a thrown CommandError for main's error sentence. */
export type ScriptedHandlers = { [C in CommandName]?: (request: CommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>> };

export interface ScriptedBridge extends FerryBridge {
  /** Every command the renderer sent, in order. */
  readonly sent: { channel: CommandName; request: unknown }[];
  /** Tells the renderer something, as main does; the message must pass the contract. */
  tell(message: EventMessage | PromptMessage): void;
}

/**
 * A bridge for unit tests of the stores: main's side is the test's handlers. Requests are
 * checked against the contract here, so a store that sends what main would refuse fails its
 * test; answers are checked by `bridge.ts`, as in development.
 */
export function createScriptedBridge(handlers: ScriptedHandlers): ScriptedBridge {
  const listeners = new Set<(message: EventMessage | PromptMessage) => void>();
  const sent: { channel: CommandName; request: unknown }[] = [];
  return {
    sent,
    async invoke<C extends CommandName>(channel: C, request: CommandRequest<C>): Promise<CommandResult<C>> {
      const checked = commands[channel].request.safeParse(request);
      if (!checked.success) throw new Error(`The renderer sent ${channel} a request main would refuse: ${checked.error.message}`);
      sent.push({ channel, request });
      const handler = handlers[channel] as ((request: CommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>>) | undefined;
      if (!handler) throw new Error(`The test did not script ${channel}.`);
      try {
        return { ok: true, value: await handler(request) };
      } catch (error) {
        if (error instanceof CommandError) return { ok: false, error: error.userError };
        throw error;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tell(message) {
      const parsed = parseMainMessage(message);
      if (!parsed) throw new Error(`The test told the renderer something the contract does not allow: ${JSON.stringify(message)}`);
      for (const listener of listeners) listener(parsed);
    },
  };
}
