import { useEffect, useRef, useState } from "react";
import type { ConnectAttempt } from "../../shared/sessions";
import { useLogStore } from "../stores/log-store";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const marks = { command: ">", reply: "<", tls: "TLS", info: "·", error: "!" } as const;

/** "user@host:port — 14:02:11 — failed: 530 Login incorrect", as the attempt picker lists it. */
export function attemptLabel(attempt: ConnectAttempt): string {
  const outcome = attempt.outcome === "failed" && attempt.error ? `failed: ${attempt.error}` : attempt.outcome;
  return `${attempt.target} — ${time.format(attempt.at)} — ${outcome}`;
}

/** The FTP dialogue of the active tab (or of any earlier connection attempt), TLS events and errors; hidden until asked for. */
export function LogPanel() {
  const visible = useLogStore((state) => state.visible);
  const entries = useLogStore((state) => state.entries);
  const attempts = useLogStore((state) => state.attempts);
  const shown = useLogStore((state) => state.sessionId);
  const pick = useLogStore((state) => state.pick);
  const clear = useLogStore((state) => state.clear);
  const list = useRef<HTMLOListElement>(null);
  const [copied, setCopied] = useState("");

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [entries]);

  if (!visible) return null;
  async function copy() {
    const text = entries.map((e) => `${time.format(e.at)} ${marks[e.kind]} ${e.text}`).join("\n");
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied.");
    } catch {
      setCopied("Could not copy to the clipboard.");
    }
  }
  // Newest first, as the attempt a user looks for is usually the last one.
  const newestFirst = [...attempts].reverse();
  return (
    <section className="log-panel" aria-label="Session log">
      <div className="log-toolbar">
        <strong>Session log</strong>
        <label className="log-attempt">
          <span className="visually-hidden">Connection</span>
          <select value={shown ?? ""} onChange={(e) => void pick(e.target.value)} title="The connection whose log is shown">
            {shown === undefined ? <option value="">No connection</option> : null}
            {shown !== undefined && !attempts.some((attempt) => attempt.sessionId === shown) ? (
              <option value={shown}>This tab</option>
            ) : null}
            {newestFirst.map((attempt) => (
              <option key={attempt.sessionId} value={attempt.sessionId}>
                {attemptLabel(attempt)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" role="status">
          {copied}
        </span>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={() => void clear()}>
          Clear
        </button>
      </div>
      {/* Focusable, so that the keyboard can scroll it (Alt+L comes here). */}
      <ol ref={list} id="session-log" className="log-lines mono" tabIndex={0} aria-label="Log lines">
        {entries.map((entry, index) => (
          <li key={index} className={`log-${entry.kind}`}>
            <span className="log-time">{time.format(entry.at)}</span> <span aria-hidden>{marks[entry.kind]}</span> {entry.text}
          </li>
        ))}
        {entries.length === 0 ? <li className="muted">Nothing logged yet.</li> : null}
      </ol>
    </section>
  );
}
