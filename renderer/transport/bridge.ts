import type { CommandName, CommandRequest, CommandResponse, FerryBridge } from "../../shared/contract";
import type { UserError } from "../../shared/domain";
import { createSocketBridge } from "./socket-bridge";

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser, where the web host is used. */
    ferry?: FerryBridge;
  }
}

export const bridge: FerryBridge = window.ferry ?? createSocketBridge(window.location);

/** A command that main answered with an error; its message is written for the user. */
export class CommandError extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
  }
}

/** Calls a command and returns its value, or throws a CommandError with main's sentence. */
export async function call<C extends CommandName>(channel: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
  const result = await bridge.invoke(channel, request);
  if (!result.ok) throw new CommandError(result.error);
  return result.value;
}

export function errorMessage(error: unknown): string {
  return error instanceof CommandError ? error.message : "Something went wrong inside Ferry.";
}
