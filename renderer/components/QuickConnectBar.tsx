import { useState, type FormEvent } from "react";
import { defaultPort, type EncryptionMode } from "../../shared/domain";
import { usePanesStore } from "../stores/panes-store";
import { EncryptionSelect } from "./SelectFields";
import { useCloseTab } from "../stores/close-tab-store";
import { useSessionStore } from "../stores/session-store";
import { emptyTlsOptions, tlsOptionsFromDraft, TlsOptionsDialog, type TlsOptionsDraft } from "./TlsOptionsDialog";

/** Host, port, user, password and encryption, as in FileZilla's quick connect bar. */
export function QuickConnectBar() {
  const session = useSessionStore((state) => state.session);
  const connecting = useSessionStore((state) => state.connecting);
  const connect = useSessionStore((state) => state.connect);
  const [host, setHost] = useState("");
  const [port, setPort] = useState("");
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [encryption, setEncryption] = useState<EncryptionMode>("explicit-required");
  const [tlsDraft, setTlsDraft] = useState<TlsOptionsDraft>(emptyTlsOptions);
  const [editingTls, setEditingTls] = useState(false);
  const tls = tlsOptionsFromDraft(tlsDraft);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const portNumber = port.trim() === "" ? undefined : Number(port);
    const opened = await connect({
      host: host.trim(),
      ...(portNumber !== undefined ? { port: portNumber } : {}),
      user,
      password,
      encryption,
      ...(tls && encryption !== "plain" ? { tls } : {}),
    });
    // Secrets are not kept in the renderer once they have been used.
    setPassword("");
    setTlsDraft((draft) => ({ ...draft, passphrase: "" }));
    if (opened) await usePanesStore.getState().showSession(opened.startPath);
  }

  const portValid = port.trim() === "" || (/^\d+$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65535);
  return (
    <>
      <form className="quick-connect" aria-label="Quick connect" onSubmit={(event) => void onSubmit(event)}>
        <label>
          Host
          <input value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" spellCheck={false} required size={18} />
        </label>
        <label>
          Port
          <input
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            placeholder={String(defaultPort(encryption))}
            aria-invalid={!portValid}
            size={5}
          />
        </label>
        <label>
          User
          <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" spellCheck={false} size={10} />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" size={10} />
        </label>
        <EncryptionSelect value={encryption} onChange={setEncryption} />
        <button type="button" onClick={() => setEditingTls(true)} disabled={encryption === "plain"} aria-haspopup="dialog">
          {tls ? `TLS options (${Object.keys(tls).length})…` : "TLS options…"}
        </button>
        <button type="submit" disabled={connecting || !portValid || host.trim() === ""}>
          {connecting ? "Connecting…" : "Connect"}
        </button>
        {session ? (
          <button type="button" onClick={() => session && useCloseTab.getState().request(session.id)}>
            Disconnect
          </button>
        ) : null}
      </form>
      {/* Outside the form: a dialog's own form must not submit Quick connect. */}
      {editingTls ? (
        <TlsOptionsDialog
          value={tlsDraft}
          onSave={(draft) => {
            setTlsDraft(draft);
            setEditingTls(false);
          }}
          onClose={() => setEditingTls(false)}
        />
      ) : null}
    </>
  );
}
