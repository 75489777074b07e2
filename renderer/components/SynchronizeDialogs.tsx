import { useSynchronizeStore } from "../stores/synchronize-store";
import { SyncChecklistDialog } from "./SyncChecklistDialog";
import { SynchronizeDialog } from "./SynchronizeDialog";

/** The Synchronize dialog (options, then the comparison's progress) or the checklist, whichever stage a synchronization is at. */
export function SynchronizeDialogs() {
  const shown = useSynchronizeStore((state) => state.shown);
  if (!shown) return null;
  if (shown.stage === "checklist") return <SyncChecklistDialog key={shown.plan.planId} shown={shown} />;
  // One dialog from options through comparing and back: the fields keep what the user typed.
  return <SynchronizeDialog shown={shown} />;
}
