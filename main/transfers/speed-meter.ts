/** How often a job's speed is measured anew; shorter windows make the figure jump. */
const windowMs = 250;

interface Sample {
  at: number;
  bytes: number;
  speed: number;
}

/**
 * Each running job's speed in bytes per second: measured over a quarter second at least, and
 * smoothed (each new window weighs 30 %) so that the figure and the ETA do not flicker.
 */
export class SpeedMeter {
  private readonly samples = new Map<string, Sample>();

  /** The job has `bytes` so far; returns its new speed when a window closed, undefined in between. */
  sample(jobId: string, bytes: number, now = Date.now()): number | undefined {
    const last = this.samples.get(jobId);
    if (!last) {
      this.samples.set(jobId, { at: now, bytes, speed: 0 });
      return undefined;
    }
    if (now - last.at < windowMs) return undefined;
    const instant = ((bytes - last.bytes) * 1000) / (now - last.at);
    const speed = Math.max(0, last.speed === 0 ? instant : last.speed * 0.7 + instant * 0.3);
    this.samples.set(jobId, { at: now, bytes, speed });
    return Math.round(speed);
  }

  /** The job stopped: its next run starts measuring afresh. */
  forget(jobId: string): void {
    this.samples.delete(jobId);
  }
}
