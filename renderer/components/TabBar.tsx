import { useRef, type KeyboardEvent } from "react";
import { useCloseTab } from "../stores/close-tab-store";
import { quickConnectHostId, useQuickConnect } from "../stores/quick-connect-store";
import { connectionOf, useSessionStore } from "../stores/session-store";
import type { ConnectionState } from "../../shared/sessions";
import { serverOf, tabNames } from "../tab-names";
import { Icon, type IconName } from "./Icon";
import { CloseTabDialog } from "./CloseTabDialog";

/** How a tab shows its connection: the icon, a word beside the name while it is not connected, and why in the tooltip. */
function tabLook(connection: ConnectionState | undefined, encrypted: boolean): { icon: IconName; word?: string; why?: string } {
  if (connection?.state === "disconnected") return { icon: "unplugged", word: "disconnected", why: connection.reason };
  if (connection?.state === "reconnecting")
    return { icon: "reconnect", word: "reconnecting…", why: `Reconnecting, attempt ${connection.attempt}` };
  return { icon: encrypted ? "lock" : "warning" };
}

/** Prepares Quick connect for a new tab: empty fields, the focus in Host. */
export function newTab(): void {
  useQuickConnect.getState().blank();
  document.getElementById(quickConnectHostId)?.focus();
}

/**
 * One tab per open session; the remote pane, the log and Quick connect follow the active one.
 * The tabs are one tab stop (arrow keys move between them, Delete closes one); the close
 * buttons sit outside the tablist, each placed after its tab by its flex order.
 */
export function TabBar() {
  const tabs = useSessionStore((state) => state.tabs);
  const activeId = useSessionStore((state) => state.session?.id);
  const activate = useSessionStore((state) => state.activate);
  const connections = useSessionStore((state) => state.connections);
  const asking = useCloseTab((state) => state.asking);
  const list = useRef<HTMLDivElement>(null);
  const askingTab = tabs.find((tab) => tab.id === asking?.sessionId);
  if (tabs.length === 0) return null;
  const names = tabNames(tabs);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    const tab = tabs[index];
    if (event.key === "Delete" && tab) {
      event.preventDefault();
      useCloseTab.getState().request(tab.id);
      return;
    }
    if (to === undefined || event.ctrlKey || event.altKey || event.metaKey) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    if (!next) return;
    activate(next.id);
    list.current?.querySelector<HTMLElement>(`[data-tab="${next.id}"]`)?.focus();
  }

  return (
    <nav className="tab-bar" aria-label="Session tabs">
      <div ref={list} className="tab-list" role="tablist" aria-label="Sessions">
        {tabs.map((tab, index) => {
          const active = tab.id === activeId;
          const look = tabLook(connectionOf(connections, tab.id), tab.security.encrypted);
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              data-tab={tab.id}
              className={`tab${active ? " tab-active" : ""}${look.word ? " tab-unconnected" : ""}`}
              style={{ order: index * 2 }}
              aria-selected={active}
              tabIndex={active ? 0 : -1}
              title={look.why ? `${serverOf(tab)}: ${look.why}` : serverOf(tab)}
              onClick={() => activate(tab.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <Icon name={look.icon} />
              <span className="tab-name">{names.get(tab.id)}</span>
              {look.word ? <span className="tab-state">{look.word}</span> : null}
            </button>
          );
        })}
      </div>
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          type="button"
          className={`tab-close${tab.id === activeId ? " tab-active" : ""}`}
          style={{ order: index * 2 + 1 }}
          // The tab itself closes with Delete; one tab stop per tab is enough.
          tabIndex={-1}
          aria-label={`Close ${names.get(tab.id) ?? ""}`}
          title={`Close ${names.get(tab.id) ?? ""} (Delete)`}
          onClick={() => useCloseTab.getState().request(tab.id)}
        >
          ×
        </button>
      ))}
      <button
        type="button"
        className="tab-new"
        style={{ order: tabs.length * 2 }}
        aria-label="New tab"
        title="New tab: Quick connect"
        onClick={newTab}
      >
        +
      </button>
      {asking && askingTab ? (
        <CloseTabDialog asking={asking} name={names.get(askingTab.id) ?? askingTab.host} host={askingTab.host} />
      ) : null}
    </nav>
  );
}
