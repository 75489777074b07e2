import { Transform } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { TransferPreferences } from "../../shared/transfer";

/** Bytes per KB in the speed-limit preferences: sizes in Ferry are decimal throughout. */
const kilobyte = 1000;

/**
 * A token bucket that transfer connections of one direction share (all of the queue's, or a
 * site's with a limit of its own): together they pass at most `bytesPerSecond`. Bytes taken beyond what the bucket holds are owed, and the taker
 * waits until they are paid back, so chunks of any size keep the average exact. The clock is
 * injected for the tests.
 */
export class SpeedLimit {
  private rate = 0;
  private level = 0;
  private updatedAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.updatedAt = now();
  }

  /** 0 lifts the limit. A change applies to the next piece any transfer sends or receives. */
  setRate(bytesPerSecond: number): void {
    this.refill();
    this.rate = Math.max(0, bytesPerSecond);
    // What was owed under the old rate is forgiven down to a tenth of a second at the new one.
    this.level = this.rate === 0 ? 0 : Math.max(-this.rate / 10, Math.min(this.level, this.burst()));
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  /** Takes `bytes` from the bucket; returns how many milliseconds to wait before they may pass. */
  take(bytes: number): number {
    if (this.rate === 0) return 0;
    this.refill();
    this.level -= bytes;
    return this.level >= 0 ? 0 : (-this.level / this.rate) * 1000;
  }

  /** The largest piece that passes at once: small enough for a low limit to flow evenly and to change within a second. */
  piece(): number {
    return this.rate === 0 ? Infinity : Math.min(64 * 1024, Math.max(1024, Math.floor(this.rate / 10)));
  }

  /** Most data a full bucket lets through without waiting: a tenth of a second's worth. */
  private burst(): number {
    return this.rate / 10;
  }

  private refill(): void {
    const now = this.now();
    if (this.rate > 0) this.level = Math.min(this.burst(), this.level + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
  }
}

/**
 * A stream that lets data through at the rate of the bucket `current` gives, asked again for
 * every piece: a transfer follows its site's edit from the global limit to one of the site's own
 * (and back) within a piece, a tenth of a second at most.
 */
export function throttle(current: () => SpeedLimit): Transform {
  const stream: Transform = new Transform({
    transform: (chunk: Buffer, _encoding, callback) => {
      if (current().bytesPerSecond === 0) {
        callback(null, chunk);
        return;
      }
      pass(chunk, current, (piece) => stream.push(piece)).then(() => callback(), callback);
    },
  });
  return stream;
}

async function pass(chunk: Buffer, current: () => SpeedLimit, push: (piece: Buffer) => void): Promise<void> {
  for (let offset = 0; offset < chunk.length;) {
    const bucket = current();
    const piece = chunk.subarray(offset, offset + bucket.piece());
    offset += piece.length;
    const wait = bucket.take(piece.length);
    if (wait > 0) await sleep(wait);
    push(piece);
  }
}

/** A download and an upload limit: the queue's, which every transfer shares, or a saved site's own. */
export class SpeedLimits {
  readonly download = new SpeedLimit();
  readonly upload = new SpeedLimit();

  /** Takes the limits in KB/s, 0 = none (the preferences, or what a site sets). */
  apply(limits: Pick<TransferPreferences, "downloadLimit" | "uploadLimit">): void {
    this.download.setRate(limits.downloadLimit * kilobyte);
    this.upload.setRate(limits.uploadLimit * kilobyte);
  }
}
