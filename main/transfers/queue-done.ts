import { finishedPhrase, type QueueSummary, type TransferPreferences } from "../../shared/transfer";
import type { NoticeText } from "../storage/json-store";

export interface QueueDoneActions {
  preferences(): Promise<TransferPreferences>;
  notify(notice: NoticeText): void;
  /** Closes the sessions and transfer connections to these sites. */
  disconnect(sites: readonly string[]): void;
}

/**
 * What happens once the queue has nothing left to run, as the user chose (WinSCP's "once done"):
 * nothing, a notice that says how it ended, or disconnecting the sessions it used. A queue with
 * paused jobs is not done.
 */
export function queueDoneHandler(actions: QueueDoneActions): (summary: QueueSummary, sites: readonly string[]) => Promise<void> {
  return async (summary, sites) => {
    const { whenQueueDone } = await actions.preferences();
    if (whenQueueDone === "nothing") return;
    if (whenQueueDone === "notify") {
      actions.notify({ text: `The transfer queue has nothing left to run: ${finishedPhrase(summary.counts)}.` });
      return;
    }
    if (sites.length > 0) actions.disconnect(sites);
  };
}
