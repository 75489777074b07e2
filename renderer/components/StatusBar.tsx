import type { ReactNode } from "react";
import { useSessionStore } from "../stores/session-store";
import type { Security } from "../../shared/domain";
import { Icon } from "./Icon";

const trustWords: Record<Extract<Security, { encrypted: true }>["trust"], string> = {
  verified: "certificate verified",
  pinned: "certificate matches the pinned fingerprint",
  trusted: "certificate trusted by you",
  "accepted-once": "certificate accepted for this session only",
};

/** The session's security, always in view: TLS version and cipher, or a plain warning. */
export function StatusBar() {
  const session = useSessionStore((state) => state.session);
  const connecting = useSessionStore((state) => state.connecting);
  let content: ReactNode;
  let tone: "secure" | "insecure" | "idle" = "idle";
  if (connecting) {
    content = "Connecting…";
  } else if (!session) {
    content = "Not connected";
  } else if (session.security.encrypted) {
    tone = "secure";
    content = (
      <>
        <Icon name="lock" />
        Encrypted: {session.security.tlsVersion}, {session.security.cipher}, {trustWords[session.security.trust]} — {session.user}@
        {session.host}:{session.port}
      </>
    );
  } else {
    tone = "insecure";
    const why = session.security.warning ?? "Plain FTP was chosen: passwords and files travel unencrypted.";
    content = (
      <>
        <Icon name="warning" />
        Unencrypted — {session.user}@{session.host}:{session.port}. {why}
      </>
    );
  }
  return (
    <footer role="status" aria-label="Connection status" className={`status-bar status-${tone}`}>
      {content}
    </footer>
  );
}
