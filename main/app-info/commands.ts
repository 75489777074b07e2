import type { appContract } from "../../shared/app";
import type { DomainHandlers } from "../router/router";
import { parseFtpUrl } from "../sites/parse-ftp-url";

export interface AppCommandsOptions {
  homePath: string;
  version: string;
  /** An ftp:// or ftps:// URL Ferry was started with. */
  startUrl?: string | undefined;
  canDragOut: boolean;
}

/** What the renderer asks about the host once, at start. */
export function appCommands(options: AppCommandsOptions): DomainHandlers<typeof appContract> {
  const startConnection = options.startUrl ? parseFtpUrl(options.startUrl) : undefined;
  return {
    "app.info": async () => ({
      homePath: options.homePath,
      platform: process.platform,
      version: options.version,
      ...(startConnection ? { startConnection } : {}),
      canDragOut: options.canDragOut,
    }),
  };
}
