import { describe, expect, it } from "vitest";
import type { ConnectAttempt } from "../../shared/sessions";
import { ConnectAttempts } from "./connect-attempts";

describe("the connection attempts kept for the log panel", () => {
  it("keeps every open session's log and only the newest ended attempts, telling each change", () => {
    const told: ConnectAttempt[][] = [];
    const attempts = new ConnectAttempts((list) => told.push(list), 2);
    const open = attempts.start("ann@127.0.0.1:21");
    attempts.end(open.sessionId, "connected");
    const ended = [1, 2, 3].map((n) => {
      const attempt = attempts.start(`bob${n}@127.0.0.1:21`);
      attempt.log.add("reply", "530 Login incorrect.");
      attempts.end(attempt.sessionId, "failed", `Login ${n} failed.`);
      return attempt.sessionId;
    });
    expect(attempts.list().map((a) => [a.target, a.outcome, a.error])).toEqual([
      ["ann@127.0.0.1:21", "connected", undefined],
      ["bob2@127.0.0.1:21", "failed", "Login 2 failed."],
      ["bob3@127.0.0.1:21", "failed", "Login 3 failed."],
    ]);
    expect(attempts.log(ended[0]!)).toBeUndefined();
    expect(
      attempts
        .log(ended[2]!)
        ?.all()
        .map((line) => line.text),
    ).toEqual(["530 Login incorrect."]);
    expect(told.at(-1)).toEqual(attempts.list());
    // Ids never repeat: an attempt's id is the session id it becomes.
    expect(new Set([open.sessionId, ...ended]).size).toBe(4);
  });
});
