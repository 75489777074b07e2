import { useEffect, useRef } from "react";
import { create } from "zustand";
import { siteOf, useSessionStore } from "../stores/session-store";
import { useTransferStore } from "../stores/transfer-store";
import { Icon } from "./Icon";
import { ModalDialog } from "./ModalDialog";

interface CloseTabState {
  /** A tab whose close waits for the user: it still has transfers to run. */
  asking: { sessionId: string; transfers: number } | undefined;
  /** Closes a tab, asking first when transfers to its server are still queued or running. */
  request(sessionId: string): void;
  confirm(): Promise<void>;
  cancel(): void;
}

/** Transfers left to do for a tab's server, unless another tab is open to the same server. */
function pendingTransfers(sessionId: string): number {
  const { tabs } = useSessionStore.getState();
  const tab = tabs.find((t) => t.id === sessionId);
  if (!tab || tabs.some((t) => t.id !== sessionId && siteOf(t) === siteOf(tab))) return 0;
  return useTransferStore.getState().jobs.filter((job) => job.site === siteOf(tab) && (job.status === "queued" || job.status === "running")).length;
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
    const transfers = useTransferStore.getState();
    const ids = tab ? transfers.jobs.filter((job) => job.site === siteOf(tab) && (job.status === "queued" || job.status === "running")).map((job) => job.id) : [];
    if (ids.length > 0) useTransferStore.setState({ picked: ids });
    if (ids.length > 0) await transfers.control("cancel");
    useTransferStore.setState({ picked: [] });
    await useSessionStore.getState().disconnect(asking.sessionId);
  },
  cancel() {
    set({ asking: undefined });
  },
}));

function CloseTabDialog({ transfers, host }: { transfers: number; host: string }) {
  const keep = useRef<HTMLButtonElement>(null);
  const { confirm, cancel } = useCloseTab.getState();
  useEffect(() => {
    keep.current?.focus();
  }, []);
  return (
    <ModalDialog labelledBy="close-tab-title" onCancel={cancel}>
      <h2 id="close-tab-title">Close tab</h2>
      <p>
        {transfers} {transfers === 1 ? "transfer" : "transfers"} to {host} {transfers === 1 ? "is" : "are"} not finished. Closing the tab cancels{" "}
        {transfers === 1 ? "it" : "them"}.
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={() => void confirm()}>
          Close and cancel transfers
        </button>
        <button ref={keep} type="button" className="button-default" onClick={cancel}>
          Keep the tab
        </button>
      </div>
    </ModalDialog>
  );
}

/** One tab per open session; the remote pane and the log follow the active one. */
export function TabBar() {
  const { tabs, session, activate } = useSessionStore();
  const asking = useCloseTab((state) => state.asking);
  const askingTab = tabs.find((tab) => tab.id === asking?.sessionId);
  if (tabs.length === 0) return null;
  return (
    <div className="tab-bar" role="tablist" aria-label="Sessions">
      {tabs.map((tab) => {
        const label = `${tab.user}@${tab.host}:${tab.port}`;
        return (
          <span key={tab.id} className={`tab${tab.id === session?.id ? " tab-active" : ""}`}>
            <button type="button" role="tab" aria-selected={tab.id === session?.id} onClick={() => activate(tab.id)}>
              {tab.security.encrypted ? <Icon name="lock" /> : <Icon name="warning" />}
              {label}
            </button>
            <button type="button" className="tab-close" aria-label={`Close ${label}`} onClick={() => useCloseTab.getState().request(tab.id)}>
              ×
            </button>
          </span>
        );
      })}
      {asking && askingTab ? <CloseTabDialog transfers={asking.transfers} host={askingTab.host} /> : null}
    </div>
  );
}
