import type { Client } from "basic-ftp";
import { UserFacingError } from "../errors";

/** An operation given up on its connection, which is left out of step with the server: the connection is replaced. */
export class ConnectionGivenUp extends UserFacingError {}

/** An operation given up because its connection stopped making progress. */
export class StalledOperation extends ConnectionGivenUp {
  constructor(host: string, timeoutMs: number, consequence = "so Ferry reconnected. Try again.") {
    super("timeout", `${host} stopped answering for ${Math.round(timeoutMs / 1000)} s, ${consequence}`);
  }
}

/**
 * Calls `onStall` once a connection has made no progress for `timeoutMs`: no complete reply
 * line and no data. basic-ftp's own timeout watches for silence only, so a server that trickles
 * a byte every 200 ms would hold it for ever. Returns the function that stops watching.
 */
function watchProgress(client: Client, timeoutMs: number, onStall: () => void): () => void {
  let lines = 0;
  const countLines = (chunk: Buffer) => {
    if (chunk.includes(10)) lines++;
  };
  const control = client.ftp.socket;
  control.on("data", countLines);
  let seen = -1;
  let quietSince = Date.now();
  const timer = setInterval(
    () => {
      const progress = lines + (client.ftp.dataSocket?.bytesRead ?? 0) + (client.ftp.dataSocket?.bytesWritten ?? 0);
      if (progress !== seen) {
        seen = progress;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= timeoutMs) {
        stop();
        onStall();
      }
    },
    Math.max(10, Math.min(1000, timeoutMs / 4)),
  );
  timer.unref();
  function stop(): void {
    clearInterval(timer);
    control.off("data", countLines);
  }
  return stop;
}

/** Runs one operation on a connection and gives up on it when it makes no progress for `timeoutMs`. */
export async function withinProgressDeadline<T>(client: Client, timeoutMs: number, operation: () => Promise<T>, host: string): Promise<T> {
  let stop = () => undefined as void;
  const stuck = new Promise<never>((_, reject) => {
    stop = watchProgress(client, timeoutMs, () => reject(new StalledOperation(host, timeoutMs)));
  });
  try {
    return await Promise.race([operation(), stuck]);
  } finally {
    stop();
  }
}

/** Connections whose commands are guarded already: a browsing connection lent again is not wrapped twice. */
const guarded = new WeakSet<Client>();

/**
 * Gives every command of a transfer connection (or a browsing connection lent to transfers) the
 * same deadline, for as long as the command runs: a stuck one closes the connection and fails
 * with a sentence the queue retries on. The clock runs only while a command does, so a job
 * waiting for the user's answer (the overwrite prompt) never trips it. Installed once per
 * connection; a lent browsing connection keeps it, beside its session's own deadline.
 */
export function guardEveryCommand(client: Client, host: string): void {
  const ftp = client.ftp;
  const usualMs = ftp.timeout;
  if (usualMs <= 0 || guarded.has(client)) return;
  guarded.add(client);
  const handle = ftp.handle.bind(ftp);
  ftp.handle = async (command, responseHandler) => {
    const timeoutMs = patience.get(client) ?? usualMs;
    const stop = watchProgress(client, timeoutMs, () =>
      ftp.closeWithError(new StalledOperation(host, timeoutMs, "so Ferry closed that connection.")),
    );
    try {
      return await handle(command, responseHandler);
    } finally {
      stop();
    }
  };
}

/** Connections running a command that may take longer than their usual deadline, and how long. */
const patience = new WeakMap<Client, number>();

/**
 * Runs one command that the server answers only once it is done with a long piece of work (a
 * checksum of a big file) with a longer deadline: for the progress watch above, and for
 * basic-ftp's silence timeout, which the command has set on the socket by the time it is sent.
 */
export async function withPatience<T>(client: Client, timeoutMs: number, command: () => Promise<T>): Promise<T> {
  if (client.ftp.timeout <= 0) return command();
  patience.set(client, timeoutMs);
  try {
    const answer = command();
    client.ftp.socket.setTimeout(timeoutMs);
    return await answer;
  } finally {
    patience.delete(client);
  }
}
