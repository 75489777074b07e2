import { Transform } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { TransferPreferences } from "../../shared/transfer";

/** Bytes per KB in the speed-limit preferences: sizes in Ferry are decimal throughout. */
const kilobyte = 1000;

/**
 * A token bucket that every transfer connection of one direction shares: together they pass
 * at most `bytesPerSecond`. Bytes taken beyond what the bucket holds are owed, and the taker
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

  /** A stream that lets data through at the shared rate (and at once while there is no limit). */
  throttle(): Transform {
    const stream: Transform = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        if (this.rate === 0) {
          callback(null, chunk);
          return;
        }
        this.pass(chunk, (piece) => stream.push(piece)).then(() => callback(), callback);
      },
    });
    return stream;
  }

  private async pass(chunk: Buffer, push: (piece: Buffer) => void): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const piece = chunk.subarray(offset, offset + this.piece());
      offset += piece.length;
      const wait = this.take(piece.length);
      if (wait > 0) await sleep(wait);
      push(piece);
    }
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

/** The download and upload limits, shared by every transfer of the queue. */
export class SpeedLimits {
  readonly download = new SpeedLimit();
  readonly upload = new SpeedLimit();

  /** Takes the limits from the preferences (KB/s, 0 = none). */
  apply(preferences: Pick<TransferPreferences, "downloadLimit" | "uploadLimit">): void {
    this.download.setRate(preferences.downloadLimit * kilobyte);
    this.upload.setRate(preferences.uploadLimit * kilobyte);
  }
}
