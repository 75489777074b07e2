import type { SessionId } from "../../shared/domain";
import type { ConnectAttempt } from "../../shared/sessions";
import { SessionLog } from "./session-log";

/** Ended attempts (failed, or closed tabs) whose logs are kept; open sessions' logs are always kept. */
export const keptEndedAttempts = 20;

/**
 * Every connection attempt of this run with its log, failed ones included, so that a wrong
 * password or a rejected certificate can be read about after the fact. An attempt's id is the
 * session id it becomes when it succeeds, so that a tab's log is its attempt's log.
 */
export class ConnectAttempts {
  private readonly attempts: { record: ConnectAttempt; log: SessionLog }[] = [];
  private nextId = 1;

  constructor(
    /** The list changed: an attempt started, ended, or an old one was let go. */
    private readonly onChange: (attempts: ConnectAttempt[]) => void,
    private readonly keepEnded = keptEndedAttempts,
  ) {}

  /** A new attempt to reach `target` (user@host:port); its log starts empty. */
  start(target: string): { sessionId: SessionId; log: SessionLog } {
    const sessionId: SessionId = `s${this.nextId++}`;
    const log = new SessionLog();
    this.attempts.push({ record: { sessionId, target, at: Date.now(), outcome: "connecting" }, log });
    this.changed();
    return { sessionId, log };
  }

  /** The attempt's outcome: connected, failed (with why), or closed (its tab was closed). */
  end(sessionId: SessionId, outcome: Exclude<ConnectAttempt["outcome"], "connecting">, error?: string): void {
    const attempt = this.attempts.find((a) => a.record.sessionId === sessionId);
    if (!attempt) return;
    attempt.record = { ...attempt.record, outcome, ...(error ? { error } : {}) };
    this.trim();
    this.changed();
  }

  list(): ConnectAttempt[] {
    return this.attempts.map((a) => a.record);
  }

  log(sessionId: SessionId): SessionLog | undefined {
    return this.attempts.find((a) => a.record.sessionId === sessionId)?.log;
  }

  /** Every kept log, for the batched log events. */
  *logs(): Iterable<[SessionId, SessionLog]> {
    for (const { record, log } of this.attempts) yield [record.sessionId, log];
  }

  /** The oldest ended attempts go first; attempts still connecting or connected stay. */
  private trim(): void {
    let ended = this.attempts.filter((a) => a.record.outcome === "failed" || a.record.outcome === "closed").length;
    for (let i = 0; i < this.attempts.length && ended > this.keepEnded;) {
      const outcome = this.attempts[i]?.record.outcome;
      if (outcome === "failed" || outcome === "closed") {
        this.attempts.splice(i, 1);
        ended--;
      } else i++;
    }
  }

  private changed(): void {
    this.onChange(this.list());
  }
}
