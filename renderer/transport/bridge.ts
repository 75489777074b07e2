import {
  commands,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type CommandResult,
  type FerryBridge,
} from "../../shared/contract";
import type { UserError } from "../../shared/domain";

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser, where the web host is used. */
    ferry?: FerryBridge;
  }
}

/**
 * Responses are checked against the contract in development (Vite's dev server), in unit tests
 * (Vitest runs in dev mode) and in a build made with VITE_FERRY_CHECK_RESPONSES=1, as the e2e
 * build may be. Production trusts main's answers: a 100 000-entry listing is not parsed twice.
 */
const checksResponses = import.meta.env.DEV || import.meta.env.VITE_FERRY_CHECK_RESPONSES === "1";

let installed: FerryBridge | undefined;

/** Puts the transport in place: `main.tsx` does it once at start-up, a unit test with a test bridge. */
export function installBridge(transport: FerryBridge): void {
  installed = transport;
}

function transport(): FerryBridge {
  if (!installed) throw new Error("No bridge is installed: call installBridge() before the stores talk to main.");
  return installed;
}

/** A command whose answer breaks the contract: a bug in main or in the contract, never the user's doing. */
export class ContractViolation extends Error {}

function checkResponse<C extends CommandName>(channel: C, result: CommandResult<C>): CommandResult<C> {
  if (!result.ok) return result;
  const parsed = commands[channel].response.safeParse(result.value);
  if (parsed.success) return result;
  const where = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(the answer)"}: ${issue.message}`).join("; ");
  console.error(`The answer to ${channel} breaks the contract: ${where}`);
  throw new ContractViolation(`The answer to ${channel} breaks the contract: ${where}`);
}

/** The stores' way to main: whichever transport is installed, with its answers checked where that is switched on. */
export const bridge: Omit<FerryBridge, "pathForFile"> & { readonly pathForFile: FerryBridge["pathForFile"] | undefined } = {
  async invoke(channel, request) {
    const result = await transport().invoke(channel, request);
    return checksResponses ? checkResponse(channel, result) : result;
  },
  subscribe: (listener) => transport().subscribe(listener),
  get pathForFile() {
    return transport().pathForFile;
  },
};

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
