import type { ErrorCode } from "../../shared/domain";
import { toUserError, UserFacingError } from "../errors";

/** Failures that another try cannot mend: the same password or certificate would fail again. */
const final: ReadonlySet<ErrorCode> = new Set([
  "auth-failed",
  "certificate-invalid",
  "certificate-rejected",
  "certificate-mismatch",
  "client-certificate",
  "tls-unavailable",
  "cancelled",
  "invalid-request",
]);

/** The pause before try `attempt` + 1: 1 s, 2 s, 4 s, 8 s, then 15 s each (in units of `baseMs`). */
export function reconnectPauseMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 15 * baseMs);
}

/** Whether one more try, after its pause, still starts within the time the user allows for reconnecting. */
export function shouldTryAgain(code: ErrorCode, attempt: number, elapsedMs: number, keepTryingMs: number, baseMs = 1000): boolean {
  return !final.has(code) && elapsedMs + reconnectPauseMs(attempt, baseMs) <= keepTryingMs;
}

export interface KeepReconnecting<T> {
  connect(): Promise<T>;
  /** WinSCP's "Keep reconnecting for". */
  keepTryingMs: number;
  /** Told before each try, counting from 1. */
  onAttempt(attempt: number): void;
  /** Aborted when the session is closed: no more tries. */
  signal: AbortSignal;
  baseMs?: number;
}

/** Tries to connect again and again with growing pauses, until it works, fails for good, or time is up. */
export async function keepReconnecting<T>(options: KeepReconnecting<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new UserFacingError("cancelled", "Reconnecting stopped: the session was closed.");
    options.onAttempt(attempt);
    try {
      return await options.connect();
    } catch (error) {
      const failure = toUserError(error);
      const elapsed = Date.now() - started;
      if (!shouldTryAgain(failure.code, attempt, elapsed, options.keepTryingMs, options.baseMs)) {
        const gaveUp = final.has(failure.code)
          ? failure.message
          : `${failure.message} Ferry gave up reconnecting after ${attempt} ${attempt === 1 ? "try" : "tries"} in ${Math.round(elapsed / 1000)} s.`;
        throw new UserFacingError(failure.code, gaveUp);
      }
      await pause(reconnectPauseMs(attempt, options.baseMs), options.signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
