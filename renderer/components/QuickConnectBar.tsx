import { useEffect, useRef, useState, type FormEvent } from "react";
import { defaultPort } from "../../shared/domain";
import { readHostField } from "../../shared/host-address";
import { usePanesStore } from "../stores/panes-store";
import { EncryptionSelect } from "./SelectFields";
import { useCloseTab } from "../stores/close-tab-store";
import { quickConnectHostId, useQuickConnect } from "../stores/quick-connect-store";
import { useSessionStore } from "../stores/session-store";
import { emptyTlsOptions, tlsOptionsFromDraft, TlsOptionsDialog, type TlsOptionsDraft } from "./TlsOptionsDialog";

/**
 * Host, port, user, password and encryption, as in FileZilla's quick connect bar; they show the
 * active tab's server. The host may be a name, an IPv4 or IPv6 address ("::1", "[::1]:2121") or
 * a whole ftp:// URL.
 */
export function QuickConnectBar() {
  const session = useSessionStore((state) => state.session);
  const connecting = useSessionStore((state) => state.connecting);
  const connect = useSessionStore((state) => state.connect);
  const { host, port, user, encryption, edit } = useQuickConnect();
  const [password, setPassword] = useState("");
  const [tlsDraft, setTlsDraft] = useState<TlsOptionsDraft>(emptyTlsOptions);
  const [editingTls, setEditingTls] = useState(false);
  const tls = tlsOptionsFromDraft(tlsDraft);

  // The fields show the active tab's server: always when the user switches tabs, and for a
  // tab that just opened unless the user has started typing the next connection meanwhile.
  const sessionId = session?.id;
  const knownTabs = useRef<string[]>([]);
  useEffect(() => {
    const { session: active, tabs } = useSessionStore.getState();
    const switched = sessionId !== undefined && knownTabs.current.includes(sessionId);
    knownTabs.current = tabs.map((tab) => tab.id);
    if (!active || active.id !== sessionId) return;
    if (switched || !useQuickConnect.getState().edited) useQuickConnect.getState().follow(active);
  }, [sessionId]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const read = readHostField(host);
    if ("problem" in read) {
      useSessionStore.setState({ error: { message: read.problem } });
      return;
    }
    // What the host field says ("[::1]:2121", a whole ftp:// URL) wins over the other fields.
    const { field } = read;
    const portNumber = field.port ?? (port.trim() === "" ? undefined : Number(port));
    const mode = field.encryption ?? encryption;
    useQuickConnect.getState().sent();
    const opening = connect({
      host: field.host,
      ...(portNumber !== undefined ? { port: portNumber } : {}),
      user: field.user ?? user,
      password,
      encryption: mode,
      ...(tls && mode !== "plain" ? { tls } : {}),
      ...(field.path ? { initialRemotePath: field.path } : {}),
    });
    // Secrets are not kept in the renderer once sent, and clearing them now leaves alone a
    // password typed for the next connection while this one opens.
    setPassword("");
    setTlsDraft((draft) => ({ ...draft, passphrase: "" }));
    const opened = await opening;
    if (opened) await usePanesStore.getState().showSession(opened.startPath);
  }

  const portValid = port.trim() === "" || (/^\d+$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65535);
  return (
    <>
      <form className="quick-connect" aria-label="Quick connect" onSubmit={(event) => void onSubmit(event)}>
        <label>
          Host
          <input
            id={quickConnectHostId}
            value={host}
            onChange={(e) => edit({ host: e.target.value })}
            autoComplete="off"
            spellCheck={false}
            required
            size={18}
          />
        </label>
        <label>
          Port
          <input
            value={port}
            onChange={(e) => edit({ port: e.target.value })}
            inputMode="numeric"
            placeholder={String(defaultPort(encryption))}
            aria-invalid={!portValid}
            size={5}
          />
        </label>
        <label>
          User
          <input value={user} onChange={(e) => edit({ user: e.target.value })} autoComplete="off" spellCheck={false} size={10} />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" size={10} />
        </label>
        <EncryptionSelect value={encryption} onChange={(mode) => edit({ encryption: mode })} />
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
