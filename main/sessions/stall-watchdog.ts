import type { Client } from "basic-ftp";
import { UserFacingError } from "../errors";

/** An operation given up because its connection stopped making progress. */
export class StalledOperation extends UserFacingError {
  constructor(host: string, timeoutMs: number) {
    super("timeout", `${host} stopped answering for ${Math.round(timeoutMs / 1000)} s, so Ferry reconnected. Try again.`);
  }
}

/**
 * Runs one operation on a connection and gives up on it when it makes no progress for
 * `timeoutMs`: no complete reply line and no data. basic-ftp's own timeout watches for
 * silence only, so a server that trickles a byte every 200 ms would hold it for ever.
 */
export async function withinProgressDeadline<T>(client: Client, timeoutMs: number, operation: () => Promise<T>, host: string): Promise<T> {
  let lines = 0;
  const countLines = (chunk: Buffer) => {
    if (chunk.includes(10)) lines++;
  };
  const control = client.ftp.socket;
  control.on("data", countLines);
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    let seen = -1;
    let quietSince = Date.now();
    timer = setInterval(
      () => {
        const progress = lines + (client.ftp.dataSocket?.bytesRead ?? 0) + (client.ftp.dataSocket?.bytesWritten ?? 0);
        if (progress !== seen) {
          seen = progress;
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= timeoutMs) {
          reject(new StalledOperation(host, timeoutMs));
        }
      },
      Math.max(10, Math.min(1000, timeoutMs / 4)),
    );
  });
  try {
    return await Promise.race([operation(), stuck]);
  } finally {
    clearInterval(timer);
    control.off("data", countLines);
  }
}
