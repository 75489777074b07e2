import type { appContract } from "../../shared/app";
import type { DomainHandlers } from "../router/router";
import { parseFtpUrl } from "../sites/parse-ftp-url";
import type { Notify } from "../storage/json-store";

export interface AppCommandsOptions {
  homePath: string;
  version: string;
  /** An ftp:// or ftps:// URL Ferry was started with. */
  startUrl?: string | undefined;
  /** Says why the start URL was not used (it does not read as a URL). */
  notify: Notify;
  canDragOut: boolean;
  hasTrash: boolean;
}

/** What the renderer asks about the host once, at start. */
export function appCommands(options: AppCommandsOptions): DomainHandlers<typeof appContract> {
  const start = options.startUrl ? parseFtpUrl(options.startUrl) : undefined;
  if (start && "problem" in start) options.notify({ text: start.problem });
  const startConnection = start && "request" in start ? start.request : undefined;
  return {
    "app.info": async () => ({
      homePath: options.homePath,
      platform: process.platform,
      version: options.version,
      ...(startConnection ? { startConnection } : {}),
      canDragOut: options.canDragOut,
      hasTrash: options.hasTrash,
    }),
  };
}
