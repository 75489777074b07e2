import { AsyncLocalStorage } from "node:async_hooks";

/** One page or window connected to main (a WebSocket in the web host, a webContents in Electron). */
export type ClientId = string;

interface Handling {
  clientId: ClientId;
  /** False once the command has been answered: work it left running belongs to no client. */
  active: boolean;
}

const handling = new AsyncLocalStorage<Handling>();

/**
 * Runs a command's handler on behalf of a client, so that a prompt it raises goes to that
 * client alone, without the client being threaded through every service.
 */
export async function handleFor<T>(clientId: ClientId | undefined, work: () => Promise<T>): Promise<T> {
  if (clientId === undefined) return work();
  const context: Handling = { clientId, active: true };
  try {
    return await handling.run(context, work);
  } finally {
    context.active = false;
  }
}

/**
 * The client whose command is being handled here; undefined in background work, including
 * work a command started and left running (the queue it kicked off), which concerns everyone.
 */
export function commandClient(): ClientId | undefined {
  const context = handling.getStore();
  return context?.active ? context.clientId : undefined;
}
