/** The sink a download writes through to the disk: cut off past its size, or near a full disk when its size is unknown. */
import { statfs } from "node:fs/promises";
import { Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UserFacingError } from "../errors";

/** Room for a server whose SIZE lags a little behind the file; past it, a download is stopped. */
export function overrunLimit(bytes: number): number {
  return bytes + Math.max(64 * 1024, Math.ceil(bytes / 100));
}

/** A download of unknown size that did not end before the disk was nearly full: not worth another try. */
export class EndlessTransfer extends UserFacingError {
  constructor(what: string, bytes: number) {
    super(
      "server-error",
      `${what} has no known size and the server kept sending: Ferry stopped it after ${bytes} bytes, before it filled the disk, and did not keep it.`,
    );
  }
}

/** How often a download of unknown size looks at the disk's free space. */
const roomCheckBytes = 1024 * 1024;

/**
 * What a download of unknown size leaves free on its disk: a twentieth of the disk, at least
 * 16 MiB (more than the data still on its way to the disk when space is measured) and at most 1 GiB.
 */
function reserveOf(diskBytes: number): number {
  return Math.min(1024 ** 3, Math.max(16 * 1024 ** 2, Math.floor(diskBytes / 20)));
}

/** Whether the disk under `folder` has more free than its reserve; true where the system cannot tell. */
async function roomLeft(folder: string): Promise<boolean> {
  try {
    const disk = await statfs(folder);
    return disk.bavail * disk.bsize > reserveOf(disk.blocks * disk.bsize);
  } catch {
    return true;
  }
}

/**
 * Passes a download on to the disk (telling `onBytes` how much has come) until it passes `limit` bytes, then fails with `tooMuch` (which
 * closes the data connection). Without a limit (the size is unknown), a server that never stops
 * sending is stopped instead when the disk under `folder` gets down to its reserve (`tooMuch` is
 * then given the bytes so far): the disk never fills, and other downloads at once count too.
 * `done` resolves once the writing ended: with undefined when every byte reached `output`, else with what stopped it.
 */
export function boundedSink(
  output: Writable,
  limit: number | undefined,
  folder: string,
  tooMuch: (bytes: number) => Error,
  stages: readonly Transform[],
  onBytes: (bytes: number) => void,
): { sink: Writable; done: Promise<unknown> } {
  let seen = 0;
  let checkedAt = -roomCheckBytes;
  const sink = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      onBytes(seen);
      if (limit !== undefined) {
        callback(seen > limit ? tooMuch(seen) : null, chunk);
        return;
      }
      if (seen - checkedAt < roomCheckBytes) {
        callback(null, chunk);
        return;
      }
      checkedAt = seen;
      void roomLeft(folder).then((room) => callback(room ? null : tooMuch(seen), chunk));
    },
  });
  // Handled at once, and resolved with what stopped the writing (undefined once every byte is on the disk): the caller
  // weighs it against how the download itself ended.
  return {
    sink: stages[0] ?? sink,
    done: pipeline([...stages, sink, output]).then(
      () => undefined,
      (error: unknown) => error,
    ),
  };
}
