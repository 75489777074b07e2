import { useEffect, useRef, useState } from "react";
import { useLogStore } from "../stores/log-store";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const marks = { command: ">", reply: "<", tls: "TLS", info: "·", error: "!" } as const;

/** The FTP dialogue of the current session, TLS events and errors; hidden until asked for. */
export function LogPanel() {
  const visible = useLogStore((state) => state.visible);
  const entries = useLogStore((state) => state.entries);
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
  return (
    <section className="log-panel" aria-label="Session log">
      <div className="log-toolbar">
        <strong>Session log</strong>
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
