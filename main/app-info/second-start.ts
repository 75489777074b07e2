import type { EventMessage } from "../../shared/contract";
import { parseFtpUrl } from "../sites/parse-ftp-url";
import type { Notify } from "../storage/json-store";

/** The ftp:// or ftps:// URL among a start's arguments, if any. */
export function ftpUrlIn(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^ftps?:\/\//i.test(arg));
}

export interface SecondStartPort {
  emit(message: EventMessage): void;
  notify: Notify;
}

/**
 * Ferry was started a second time while it ran (`ferry ftp://user@host/path`): the desktop app
 * keeps one instance, so the second start hands its arguments over and quits. A URL among them is
 * opened by the running Ferry, as if it had been started with it; one that does not read is a
 * notice. Arguments without a URL only bring the window to the front (the host does that).
 */
export function handOverSecondStart(argv: readonly string[], port: SecondStartPort): void {
  const url = ftpUrlIn(argv);
  if (url === undefined) return;
  const parsed = parseFtpUrl(url);
  if ("problem" in parsed) port.notify({ text: parsed.problem });
  else port.emit({ kind: "event", channel: "app.open-connection", payload: { connection: parsed.request } });
}
