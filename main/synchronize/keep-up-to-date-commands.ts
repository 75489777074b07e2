import type { keepUpToDateContract } from "../../shared/keep-up-to-date";
import type { DomainHandlers } from "../router/router";
import type { KeepUpToDate } from "./keep-up-to-date";

/** "Keep remote directory up to date": start and stop watching a local folder. */
export function keepUpToDateCommands(keep: KeepUpToDate): DomainHandlers<typeof keepUpToDateContract> {
  return {
    "keep.start": (request) => keep.start(request),
    "keep.stop": async ({ keepId }) => {
      keep.stop(keepId);
      return {};
    },
  };
}
