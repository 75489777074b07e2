import type { ReactNode } from "react";
import { connectionOf, siteOf, useSessionStore } from "../stores/session-store";
import type { Security } from "../../shared/domain";
import { hostAndPort } from "../../shared/host-address";
import { Icon } from "./Icon";

const trustWords: Record<Extract<Security, { encrypted: true }>["trust"], string> = {
  verified: "certificate verified",
  pinned: "certificate matches the pinned fingerprint",
  trusted: "certificate trusted by you",
  "accepted-once": "certificate accepted for this session only",
};

/** The active tab's connection, always in view: TLS version and cipher, a plain warning, or Disconnected with a Reconnect button. */
export function StatusBar() {
  const session = useSessionStore((state) => state.session);
  const connection = useSessionStore((state) => connectionOf(state.connections, state.session?.id));
  const connecting = useSessionStore((state) => state.connecting);
  const reconnect = useSessionStore((state) => state.reconnect);
  let content: ReactNode;
  let tone: "secure" | "insecure" | "idle" | "lost" = "idle";
  if (connecting) {
    content = "Connecting…";
  } else if (!session) {
    content = "Not connected";
  } else if (connection?.state === "disconnected") {
    tone = "lost";
    content = (
      <>
        <Icon name="warning" />
        <span className="status-text">
          Disconnected — {siteOf(session)}. {connection.reason}
        </span>
        <button type="button" className="status-action" onClick={() => void reconnect(session.id)}>
          Reconnect
        </button>
      </>
    );
  } else if (connection?.state === "reconnecting") {
    tone = "lost";
    content = `Reconnecting to ${siteOf(session)}${connection.attempt > 1 ? ` (try ${connection.attempt})` : ""}…`;
  } else if (session.security.encrypted) {
    tone = "secure";
    content = (
      <>
        <Icon name="lock" />
        Encrypted: {session.security.tlsVersion}, {session.security.cipher}, {trustWords[session.security.trust]} — {session.user}@
        {hostAndPort(session.host, session.port)}
      </>
    );
  } else {
    tone = "insecure";
    const why = session.security.warning ?? "Plain FTP was chosen: passwords and files travel unencrypted.";
    content = (
      <>
        <Icon name="warning" />
        Unencrypted — {session.user}@{hostAndPort(session.host, session.port)}. {why}
      </>
    );
  }
  return (
    <footer role="status" aria-label="Connection status" className={`status-bar status-${tone}`}>
      {content}
    </footer>
  );
}
