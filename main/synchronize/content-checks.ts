/**
 * Synchronize's checksum criterion: for pairs of files of the same size, the server's checksum
 * (HASH, XSHA256…) against this computer's, several files at once on the transfer connections.
 * Equal checksums make a pair the same whatever its times say; different ones make it differ.
 */
import type { Client } from "basic-ftp";
import type { SyncProblem } from "../../shared/synchronize";
import { toUserError } from "../errors";
import { fileChecksum, localChecksum, noChecksumsMessage } from "../transfers/checksums";
import { stopReason } from "./tree-walks";

export interface ContentCandidate {
  /** From the compared folders. */
  path: string;
  localPath: string;
  remotePath: string;
  size: number;
}

export interface ContentChecks {
  contents: Map<string, "same" | "differs">;
  problems: SyncProblem[];
}

export interface ContentCheckOptions {
  /** One per worker: a transfer connection, given back when the checks end. */
  connect(): Promise<Client>;
  release(client: Client, reusable: boolean): void;
  workers: number;
  signal: AbortSignal;
  onChecked(done: number, of: number): void;
}

export async function compareContents(candidates: readonly ContentCandidate[], options: ContentCheckOptions): Promise<ContentChecks> {
  const contents = new Map<string, "same" | "differs">();
  const problems: SyncProblem[] = [];
  let next = 0;
  let done = 0;
  let noChecksums = false;
  const worker = async () => {
    if (next >= candidates.length) return;
    const client = await options.connect();
    const stop = () => client.close();
    options.signal.addEventListener("abort", stop, { once: true });
    let reusable = true;
    try {
      for (let candidate = candidates[next++]; candidate && !noChecksums; candidate = candidates[next++]) {
        if (options.signal.aborted) throw stopReason(options.signal);
        try {
          const server = await fileChecksum(client, candidate.remotePath, candidate.size);
          const local = await localChecksum(candidate.localPath, server.algorithm, options.signal);
          contents.set(candidate.path, local === server.checksum ? "same" : "differs");
        } catch (error) {
          if (options.signal.aborted) throw stopReason(options.signal);
          const message = toUserError(error).message;
          if (message === noChecksumsMessage) noChecksums = true;
          else problems.push({ path: candidate.path, message: `${candidate.path} was compared by time and size only: ${message}` });
          if (client.closed) {
            reusable = false;
            return;
          }
        }
        options.onChecked(++done, candidates.length);
      }
    } finally {
      options.signal.removeEventListener("abort", stop);
      options.release(client, reusable && !client.closed);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
  if (noChecksums) problems.push({ path: "", message: `${noChecksumsMessage} Files of the same size were compared by time alone.` });
  return { contents, problems };
}
