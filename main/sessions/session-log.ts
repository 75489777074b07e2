import type { Client } from "basic-ftp";
import type { LogEntry } from "../../shared/domain";

const keep = 2000;

/** Where one connection writes its dialogue and notes: a session's log, or a tagged view of it. */
export interface LogWriter {
  add(kind: LogEntry["kind"], text: string): void;
  /** basic-ftp's log lines: "> command", "< reply", or a note of its own. */
  addFromClient(message: string): void;
}

/** Writes basic-ftp's log lines as entries. */
function addClientMessage(add: LogWriter["add"], message: string): void {
  if (message.startsWith("> ")) add("command", message.slice(2));
  else if (message.startsWith("< ")) for (const line of message.slice(2).split(/\r?\n/).filter(Boolean)) add("reply", line);
  // basic-ftp also logs whole listings; a log of 100 000 lines per folder helps nobody.
  else if (!message.includes("\n")) add("info", message);
}

/**
 * One session's FTP dialogue, TLS events and errors, as the session log panel shows them: its
 * browsing connection's, and its transfer connections' tagged with theirs ("[transfer 2] RETR
 * a.txt"). Bounded: the oldest lines go first, so a batch of 20 000 files keeps the last 2 000
 * lines, not all of them. basic-ftp already writes "PASS ###" for the password.
 */
export class SessionLog implements LogWriter {
  private entries: LogEntry[] = [];
  private pending: LogEntry[] = [];
  /** Lines ever added: where the next line stands, so that a reader who fetched the whole log skips what it already has. */
  private added = 0;

  add(kind: LogEntry["kind"], text: string): void {
    const entry = { at: Date.now(), kind, text: text.replace(/\r?\n$/, "") };
    this.entries.push(entry);
    this.pending.push(entry);
    this.added++;
    // Trimmed once they hold twice what is kept, not line by line: a busy transfer connection logs thousands a second.
    if (this.entries.length >= 2 * keep) this.entries.splice(0, this.entries.length - keep);
    if (this.pending.length >= 2 * keep) this.pending.splice(0, this.pending.length - keep);
  }

  addFromClient(message: string): void {
    addClientMessage((kind, text) => this.add(kind, text), message);
  }

  /** A view of this log for another connection of the session: its lines start with "[tag] ". */
  tagged(tag: string): LogWriter {
    const add = (kind: LogEntry["kind"], text: string) => this.add(kind, `[${tag}] ${text}`);
    return { add, addFromClient: (message) => addClientMessage(add, message) };
  }

  all(): LogEntry[] {
    return this.entries.slice(-keep);
  }

  /** The number of lines ever added: the position after the last one. */
  get end(): number {
    return this.added;
  }

  /** What was added since the last call, and the position of its first line, for the batched event. */
  takeNew(): { from: number; entries: LogEntry[] } {
    const taken = this.pending.slice(-keep);
    this.pending = [];
    return { from: this.added - taken.length, entries: taken };
  }

  clear(): void {
    this.entries = [];
    this.pending = [];
  }
}

/** The log of the session each connection (browsing or transfer) belongs to, for notes the transfer code writes. */
const logsByConnection = new WeakMap<Client, LogWriter>();

export function attachLog(client: Client, log: LogWriter): void {
  logsByConnection.set(client, log);
}

/** Writes a line into the log of the session the connection belongs to, if it has one. */
export function noteOn(client: Client, kind: LogEntry["kind"], text: string): void {
  logsByConnection.get(client)?.add(kind, text);
}
