import { useEffect, useRef } from "react";
import { useCloseTab } from "../stores/close-tab-store";
import { useSessionStore } from "../stores/session-store";
import { Icon } from "./Icon";
import { ModalDialog } from "./ModalDialog";

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
        {transfers} {transfers === 1 ? "transfer" : "transfers"} to {host} {transfers === 1 ? "is" : "are"} not finished. Closing the tab
        cancels {transfers === 1 ? "it" : "them"}.
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
  const tabs = useSessionStore((state) => state.tabs);
  const activeId = useSessionStore((state) => state.session?.id);
  const activate = useSessionStore((state) => state.activate);
  const asking = useCloseTab((state) => state.asking);
  const askingTab = tabs.find((tab) => tab.id === asking?.sessionId);
  if (tabs.length === 0) return null;
  return (
    <div className="tab-bar" role="tablist" aria-label="Sessions">
      {tabs.map((tab) => {
        const label = `${tab.user}@${tab.host}:${tab.port}`;
        return (
          <span key={tab.id} className={`tab${tab.id === activeId ? " tab-active" : ""}`}>
            <button type="button" role="tab" aria-selected={tab.id === activeId} onClick={() => activate(tab.id)}>
              {tab.security.encrypted ? <Icon name="lock" /> : <Icon name="warning" />}
              {label}
            </button>
            <button
              type="button"
              className="tab-close"
              aria-label={`Close ${label}`}
              onClick={() => useCloseTab.getState().request(tab.id)}
            >
              ×
            </button>
          </span>
        );
      })}
      {asking && askingTab ? <CloseTabDialog transfers={asking.transfers} host={askingTab.host} /> : null}
    </div>
  );
}
