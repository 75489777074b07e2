import { FTPError, type FTPContext, type FTPResponse } from "basic-ftp";
import { enterPassiveModeIPv4_forceControlHostIP, enterPassiveModeIPv6 } from "basic-ftp/dist/transfer.js";
import type { DataConnectionMode } from "../../shared/active-mode";
import { UserFacingError } from "../errors";
import { activeMode, type ActiveModeOptions } from "./active-mode";

type Strategy = (ftp: FTPContext) => Promise<FTPResponse>;

const otherMode = (mode: DataConnectionMode): DataConnectionMode => (mode === "passive" ? "active" : "passive");

/**
 * One session's data connection mode, shared by its connections (browsing, transfers, and those
 * made again after a reconnect), so that what one of them learned holds for all of them: with
 * "If the default mode fails, try the other", the mode that worked when the site's did not is
 * used from then on, and said once (`onSwitched`: the session remembers it for its saved site).
 */
export class DataModeChoice {
  /** The mode the next data connection tries first. */
  private first: DataConnectionMode;

  constructor(
    /** The site's mode, until the other one worked in its place. */
    private mode: DataConnectionMode,
    readonly tryOther: boolean,
    readonly active: Pick<ActiveModeOptions, "ports" | "externalAddress"> = {},
    private readonly onSwitched: (mode: DataConnectionMode) => void = () => undefined,
  ) {
    this.first = mode;
  }

  /** What the site asked for, with no preferences: never the other mode. */
  static of(request: { dataConnectionMode?: DataConnectionMode | undefined }): DataModeChoice {
    return new DataModeChoice(request.dataConnectionMode ?? "passive", false);
  }

  get tryFirst(): DataConnectionMode {
    return this.first;
  }

  worked(mode: DataConnectionMode): void {
    this.first = mode;
    if (mode === this.mode) return;
    this.mode = mode;
    this.onSwitched(mode);
  }

  /** The server did not connect back: with the fallback on, the next data connection starts with passive mode. */
  noConnection(mode: DataConnectionMode): void {
    if (this.tryOther) this.first = otherMode(mode);
  }
}

/** EPSV, then PASV (to the control connection's host), keeping the one that worked, as basic-ftp's default does. */
export function passiveToServer(): Strategy {
  let chosen: Strategy | undefined;
  return async (ftp) => {
    if (chosen) return chosen(ftp);
    try {
      const response = await enterPassiveModeIPv6(ftp);
      chosen = enterPassiveModeIPv6;
      return response;
    } catch {
      const response = await enterPassiveModeIPv4_forceControlHostIP(ftp);
      chosen = enterPassiveModeIPv4_forceControlHostIP;
      return response;
    }
  };
}

function passiveRefusal(error: unknown): unknown {
  if (!(error instanceof FTPError)) return error;
  const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
  return new UserFacingError(
    "server-error",
    `The server refused passive mode (it answered "${reply}"). Choose active mode in the site's settings, ` +
      `or turn on "If the default mode fails, try the other" in the preferences.`,
  );
}

/**
 * A connection's transfer strategy: the session's mode, and the other one when setting the
 * first up fails and the preference allows (never active mode where `activeAllowed` is false:
 * through a proxy). `passive` is how this connection enters passive mode. basic-ftp replaces a
 * strategy that tried several with the one that worked; this one stays, and keeps its own memory.
 */
export function dataConnections(choice: DataModeChoice, passive: Strategy, activeAllowed: boolean): Strategy {
  const strategies: Record<DataConnectionMode, Strategy> = {
    passive: async (ftp) => {
      try {
        const response = await passive(ftp);
        choice.worked("passive");
        return response;
      } catch (error) {
        throw passiveRefusal(error);
      }
    },
    active: activeMode({
      ...choice.active,
      onConnected: () => choice.worked("active"),
      onNoConnection: (ftp) => {
        choice.noConnection("active");
        if (choice.tryOther) ftp.log("The server did not connect back: the next data connection tries passive mode first.");
      },
    }),
  };
  return async (ftp) => {
    const mode = choice.tryFirst;
    try {
      return await strategies[mode](ftp);
    } catch (error) {
      const other = otherMode(mode);
      if (!choice.tryOther || ftp.closed || (other === "active" && !activeAllowed)) throw error;
      ftp.log(
        `${mode === "passive" ? "Passive" : "Active"} mode failed (${error instanceof Error ? error.message : "no reason given"}); trying ${other} mode.`,
      );
      try {
        return await strategies[other](ftp);
      } catch {
        throw error;
      }
    }
  };
}
