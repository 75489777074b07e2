import { useEffect } from "react";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "../stores/panes-store";
import { bridge, call } from "../transport/bridge";

/**
 * The Local pane stays true: main watches the folder it shows and says when something in it
 * changed on disk, and the pane lists it again (keeping the cursor, marks and scroll).
 */
export function useLocalWatch(side: Side): void {
  const path = usePanesStore((state) => (side === "local" ? state.local.path : undefined));
  useEffect(() => {
    if (side !== "local" || path === undefined) return;
    void call("local.watch", { path }).catch(() => undefined);
    const unsubscribe = bridge.subscribe((message) => {
      if (message.kind !== "event" || message.channel !== "local.changed" || message.payload.path !== path) return;
      const panes = usePanesStore.getState();
      if (panes.local.path === path) void panes.refresh("local");
    });
    return () => {
      unsubscribe();
      void call("local.watch", {}).catch(() => undefined);
    };
  }, [side, path]);
}
