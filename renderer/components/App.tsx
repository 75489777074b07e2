import { useEffect, useState } from "react";
import { usePanesStore } from "../stores/panes-store";
import { usePromptStore } from "../stores/prompt-store";
import { useSessionStore } from "../stores/session-store";
import { bridge, call } from "../transport/bridge";
import { CertificateDialog } from "./CertificateDialog";
import { ErrorBanner } from "./ErrorBanner";
import { FilePane } from "./FilePane";
import { Icon } from "./Icon";
import { PasswordDialog } from "./PasswordDialog";
import { QuickConnectBar } from "./QuickConnectBar";
import { StatusBar } from "./StatusBar";
import { TrustedCertificatesDialog } from "./TrustedCertificatesDialog";

export function App() {
  const connected = useSessionStore((state) => state.session !== undefined);
  const prompt = usePromptStore((state) => state.queue[0]);
  const [showTrusted, setShowTrusted] = useState(false);

  useEffect(() => {
    const unsubscribe = bridge.subscribe((message) => {
      if (message.kind === "prompt") {
        usePromptStore.getState().push(message);
      } else if (message.channel === "session.state" && message.payload.state === "closed") {
        useSessionStore.getState().lost(message.payload.sessionId, message.payload.error?.message ?? "The session was closed.");
        usePanesStore.getState().clear("remote");
      }
    });
    void call("app.info", {}).then(
      (info) => usePanesStore.getState().load("local", info.homePath),
      () => undefined,
    );
    return unsubscribe;
  }, []);

  return (
    <div className="app">
      <header className="toolbar">
        <QuickConnectBar />
        <button type="button" className="toolbar-button" aria-haspopup="dialog" onClick={() => setShowTrusted(true)}>
          <Icon name="lock" />
          Trusted certificates
        </button>
      </header>
      <ErrorBanner />
      <main className="panes">
        <FilePane side="local" title="Local" />
        <FilePane side="remote" title="Remote" placeholder={connected ? undefined : "Not connected. Use Quick connect above to open a server."} />
      </main>
      <StatusBar />
      {prompt?.channel === "session.password" ? <PasswordDialog key={prompt.promptId} prompt={prompt} /> : null}
      {prompt?.channel === "certificate.trust" ? <CertificateDialog key={prompt.promptId} prompt={prompt} /> : null}
      {showTrusted ? <TrustedCertificatesDialog onClose={() => setShowTrusted(false)} /> : null}
    </div>
  );
}
