import { create } from "zustand";
import type { SessionInfo } from "../../shared/domain";
import { siteOf, useSessionStore } from "./session-store";
import { useTransferStore } from "./transfer-store";

interface CloseTabState {
  /** A tab whose close waits for the user: it still has transfers to run. */
  asking: { sessionId: string; transfers: number } | undefined;
  /** Closes a tab, asking first when transfers to its server are still queued or running. */
  request(sessionId: string): void;
  confirm(): Promise<void>;
  cancel(): void;
}

/** Jobs still queued or running for a tab's server. */
function unsettledJobs(tab: SessionInfo): number {
  return useTransferStore.getState().summary.unsettledBySite[siteOf(tab)] ?? 0;
}

/** Transfers left to do for a tab's server, unless another tab is open to the same server. */
function pendingTransfers(sessionId: string): number {
  const { tabs } = useSessionStore.getState();
  const tab = tabs.find((t) => t.id === sessionId);
  if (!tab || tabs.some((t) => t.id !== sessionId && siteOf(t) === siteOf(tab))) return 0;
  return unsettledJobs(tab);
}

export const useCloseTab = create<CloseTabState>((set, get) => ({
  asking: undefined,
  request(sessionId) {
    const transfers = pendingTransfers(sessionId);
    if (transfers > 0) set({ asking: { sessionId, transfers } });
    else void useSessionStore.getState().disconnect(sessionId);
  },
  async confirm() {
    const asking = get().asking;
    set({ asking: undefined });
    if (!asking) return;
    const tab = useSessionStore.getState().tabs.find((t) => t.id === asking.sessionId);
    if (tab && unsettledJobs(tab) > 0) await useTransferStore.getState().cancelSite(siteOf(tab));
    await useSessionStore.getState().disconnect(asking.sessionId);
  },
  cancel() {
    set({ asking: undefined });
  },
}));
