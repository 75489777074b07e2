import { useEffect, useState, type FormEvent } from "react";
import { defaultProxyPorts, proxyKindLabels, proxyKinds, type ProxyKind, type ProxyView } from "../../shared/proxy";
import { call, errorMessage } from "../transport/bridge";
import { ModalDialog } from "./ModalDialog";
import { SelectField } from "./SelectFields";

const kindOptions = proxyKinds.map((kind) => ({ value: kind, label: proxyKindLabels[kind] }));

/**
 * The proxy every session goes through (a preference): its kind, address and login. The
 * password is sent when typed and never shown again; the dialog only learns that one is saved.
 */
export function ProxyDialog({ onClose }: { onClose: () => void }) {
  const [view, setView] = useState<ProxyView | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<ProxyKind>("none");
  const [host, setHost] = useState("");
  const [port, setPort] = useState("");
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [forgetPassword, setForgetPassword] = useState(false);
  const [resolveOnProxy, setResolveOnProxy] = useState(true);

  useEffect(() => {
    call("proxy.get", {}).then(
      (loaded) => {
        setView(loaded);
        setKind(loaded.settings.kind);
        setHost(loaded.settings.host);
        setPort(loaded.settings.port ? String(loaded.settings.port) : "");
        setUser(loaded.settings.user);
        setResolveOnProxy(loaded.settings.resolveOnProxy);
      },
      (error: unknown) => setMessage(errorMessage(error)),
    );
  }, []);

  const off = kind === "none";
  // Nothing can be chosen before the saved settings arrive: they would undo it. The dialog opens with them (its first
  // field focused), or with the sentence saying why they could not be read.
  const loading = view === undefined;
  const portValid = port.trim() === "" || (/^\d+$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65535);
  const hostValid = off || host.trim() !== "";
  const valid = !loading && portValid && hostValid;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    try {
      await call("proxy.set", {
        settings: {
          kind,
          host: host.trim(),
          ...(port.trim() ? { port: Number(port) } : {}),
          user,
          resolveOnProxy,
        },
        password: password ? { change: "set", value: password } : forgetPassword ? { change: "forget" } : { change: "keep" },
      });
      // The password leaves the renderer with the save.
      setPassword("");
      onClose();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  if (loading && message === undefined) return null;
  return (
    <ModalDialog labelledBy="proxy-title" className="proxy-dialog" onCancel={onClose}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <h2 id="proxy-title">Proxy</h2>
        {message ? (
          <p role="alert" className="dialog-notice">
            {message}
          </p>
        ) : null}
        <SelectField label="Connect through" value={kind} options={kindOptions} onChange={setKind} disabled={loading} />
        <fieldset disabled={off || loading}>
          <div className="form-row">
            <label className="grow">
              Proxy host
              <input value={host} onChange={(e) => setHost(e.target.value)} spellCheck={false} aria-invalid={!hostValid} />
            </label>
            <label>
              Port
              <input
                value={port}
                onChange={(e) => setPort(e.target.value)}
                placeholder={off ? "" : String(defaultProxyPorts[kind])}
                size={6}
                inputMode="numeric"
                aria-invalid={!portValid}
              />
            </label>
          </div>
          <div className="form-row">
            <label className="grow">
              User
              <input value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} placeholder="none" autoComplete="off" />
            </label>
            <label className="grow">
              Password
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="off"
                disabled={user === ""}
                placeholder={view?.passwordSaved && !forgetPassword ? "Saved — type to replace" : ""}
              />
            </label>
          </div>
          {view?.passwordSaved ? (
            <label className="checkbox">
              <input type="checkbox" checked={forgetPassword} onChange={(e) => setForgetPassword(e.target.checked)} />
              Forget the saved proxy password
            </label>
          ) : null}
          {view && !view.passwordStorage.secure ? (
            <p className="field-help field-error">A password saved here is not well protected: {view.passwordStorage.description}.</p>
          ) : null}
          {kind === "socks5" ? (
            <label className="checkbox">
              <input type="checkbox" checked={resolveOnProxy} onChange={(e) => setResolveOnProxy(e.target.checked)} />
              DNS through the proxy (the proxy looks up server names)
            </label>
          ) : null}
        </fieldset>
        <p className="field-help">
          Every connection, file transfers included, goes through the proxy, in passive mode. A site can stay off it with &ldquo;Don&rsquo;t
          use the proxy for this site&rdquo; in the Site Manager. New sessions use the changed settings.
        </p>
        <div className="dialog-buttons">
          <button type="submit" disabled={!valid}>
            OK
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
