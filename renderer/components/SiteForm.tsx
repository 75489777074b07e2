import { useState, type FormEvent } from "react";
import { normalizeSha256, type TlsVersion } from "../../shared/certificate";
import { defaultPort, type EncryptionMode } from "../../shared/domain";
import { siteColours, siteDefaults, type SitesView, type SiteSettings, type SiteView } from "../../shared/site";
import { useSitesStore } from "../stores/sites-store";
import { EncryptionSelect, TlsVersionSelect } from "./SelectFields";
import { clientCertificateOf, FileField, isBundle, type PickedFile } from "./TlsOptionsDialog";

interface SiteFormProps {
  site: SiteView | undefined;
  folderId: string | undefined;
  passwordStorage: SitesView["passwordStorage"] | undefined;
  onConnect: (() => void) | undefined;
}

const colourLabels: Record<SiteSettings["colour"], string> = {
  none: "None",
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  blue: "Blue",
  purple: "Purple",
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** One site's settings; secrets are sent when changed and never shown again. */
export function SiteForm({ site, folderId, passwordStorage, onConnect }: SiteFormProps) {
  const save = useSitesStore((state) => state.save);
  // A new site starts from the contract's defaults.
  const initial = site ?? siteDefaults;
  const [name, setName] = useState(site?.name ?? "");
  const [host, setHost] = useState(site?.host ?? "");
  const [port, setPort] = useState(site?.port ? String(site.port) : "");
  const [encryption, setEncryption] = useState<EncryptionMode>(initial.encryption);
  const [user, setUser] = useState(initial.user);
  const [savePassword, setSavePassword] = useState(site ? site.passwordSaved || site.secretsUnreadable : passwordStorage?.secure === true);
  const [password, setPassword] = useState("");
  const [remotePath, setRemotePath] = useState(site?.initialRemotePath ?? "");
  const [localPath, setLocalPath] = useState(site?.initialLocalPath ?? "");
  const [passiveHost, setPassiveHost] = useState<SiteSettings["passiveHost"]>(initial.passiveHost);
  const [parallel, setParallel] = useState(site?.parallel ? String(site.parallel) : "");
  const [keepAlive, setKeepAlive] = useState(String(initial.keepAliveSeconds));
  const [timeout, setTimeoutSeconds] = useState(site?.timeoutSeconds ? String(site.timeoutSeconds) : "");
  const [encoding, setEncoding] = useState<SiteSettings["encoding"]>(initial.encoding);
  const [caFile, setCaFile] = useState<PickedFile | undefined>(
    site?.tls?.trustedCaPem ? { name: "saved CA certificate", content: site.tls.trustedCaPem } : undefined,
  );
  const [pin, setPin] = useState(site?.tls?.pinnedSha256 ?? "");
  const [minVersion, setMinVersion] = useState<TlsVersion>(site?.tls?.minVersion ?? "TLSv1.2");
  const [certificateFile, setCertificateFile] = useState<PickedFile | undefined>(undefined);
  const [keyFile, setKeyFile] = useState<PickedFile | undefined>(undefined);
  const [passphrase, setPassphrase] = useState("");
  const [forgetCertificate, setForgetCertificate] = useState(false);
  const [colour, setColour] = useState<SiteSettings["colour"]>(initial.colour);
  const [notes, setNotes] = useState(initial.notes);

  const pinValid = pin.trim() === "" || normalizeSha256(pin) !== undefined;
  const portValid = port.trim() === "" || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
  const valid = name.trim() !== "" && host.trim() !== "" && pinValid && portValid;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    const tls = {
      ...(caFile ? { trustedCaPem: caFile.content } : {}),
      ...(pin.trim() ? { pinnedSha256: pin.trim() } : {}),
      ...(minVersion !== "TLSv1.2" ? { minVersion } : {}),
    };
    const numbers = {
      port: optionalNumber(port),
      parallel: optionalNumber(parallel),
      timeoutSeconds: optionalNumber(timeout),
    };
    const settings: SiteSettings = {
      name: name.trim(),
      host: host.trim(),
      encryption,
      user,
      passiveHost,
      encoding,
      colour,
      notes,
      // Empty means the default (on); 0 turns keep-alive off.
      keepAliveSeconds: optionalNumber(keepAlive) ?? siteDefaults.keepAliveSeconds,
      ...Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined && value > 0)),
      ...(remotePath.trim() ? { initialRemotePath: remotePath.trim() } : {}),
      ...(localPath.trim() ? { initialLocalPath: localPath.trim() } : {}),
      ...(Object.keys(tls).length > 0 ? { tls } : {}),
    };
    const certificate = clientCertificateOf(certificateFile, keyFile, passphrase);
    void save({
      ...(site ? { id: site.id } : {}),
      ...(folderId ? { folderId } : {}),
      settings,
      password: !savePassword ? { change: "forget" } : password ? { change: "set", value: password } : { change: "keep" },
      clientCertificate: certificate
        ? { change: "set", value: certificate }
        : forgetCertificate
          ? { change: "forget" }
          : { change: "keep" },
    });
    // Secrets leave the renderer with the save.
    setPassword("");
    setPassphrase("");
  }

  return (
    <form className="site-form" aria-label={site ? `Site ${site.name}` : "New site"} onSubmit={onSubmit}>
      <fieldset>
        <legend>Connection</legend>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <div className="form-row">
          <label className="grow">
            Host
            <input value={host} onChange={(e) => setHost(e.target.value)} spellCheck={false} required />
          </label>
          <label>
            Port
            <input
              value={port}
              onChange={(e) => setPort(e.target.value)}
              placeholder={String(defaultPort(encryption))}
              size={6}
              aria-invalid={!portValid}
            />
          </label>
        </div>
        <EncryptionSelect value={encryption} onChange={setEncryption} />
        <label>
          User
          <input value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} placeholder="anonymous" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={savePassword} onChange={(e) => setSavePassword(e.target.checked)} />
          Save the password (otherwise Ferry asks when connecting)
        </label>
        {passwordStorage && !passwordStorage.secure ? (
          <p className="field-help field-error">Not recommended here: {passwordStorage.description}.</p>
        ) : null}
        {site?.secretsUnreadable ? (
          <p className="field-help field-error">The saved password can no longer be read (its key was lost): enter it again and save.</p>
        ) : null}
        {savePassword ? (
          <label>
            Password
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
              placeholder={site?.passwordSaved ? "Saved — type to replace" : site?.secretsUnreadable ? "Must be entered again" : ""}
            />
          </label>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Folders and transfers</legend>
        <label>
          Remote folder to open
          <input value={remotePath} onChange={(e) => setRemotePath(e.target.value)} spellCheck={false} placeholder="/" />
        </label>
        <label>
          Local folder to open
          <input value={localPath} onChange={(e) => setLocalPath(e.target.value)} spellCheck={false} />
        </label>
        <label>
          Passive mode
          <select value={passiveHost} onChange={(e) => setPassiveHost(e.target.value as SiteSettings["passiveHost"])}>
            <option value="server">Use the address the server gives</option>
            <option value="control">Use the server's host name (for servers behind NAT)</option>
          </select>
        </label>
        <div className="form-row">
          <label>
            Transfers at once
            <input value={parallel} onChange={(e) => setParallel(e.target.value)} inputMode="numeric" size={4} placeholder="default" />
          </label>
          <label>
            Keep-alive (s, 0 = off)
            <input
              value={keepAlive}
              onChange={(e) => setKeepAlive(e.target.value)}
              inputMode="numeric"
              size={4}
              placeholder={String(siteDefaults.keepAliveSeconds)}
            />
          </label>
          <label>
            Timeout (s)
            <input value={timeout} onChange={(e) => setTimeoutSeconds(e.target.value)} inputMode="numeric" size={4} placeholder="20" />
          </label>
          <label>
            File names
            <select value={encoding} onChange={(e) => setEncoding(e.target.value as SiteSettings["encoding"])}>
              <option value="utf8">UTF-8</option>
              <option value="latin1">Latin-1</option>
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset disabled={encryption === "plain"}>
        <legend>TLS</legend>
        <FileField label="Trust this CA certificate (PEM)" accept=".pem,.crt,.cer" file={caFile} onChange={setCaFile} />
        <label>
          Pinned SHA-256 fingerprint
          <input value={pin} onChange={(e) => setPin(e.target.value)} className="mono" spellCheck={false} aria-invalid={!pinValid} />
        </label>
        <FileField
          label="Client certificate (PEM, or PKCS#12 .p12/.pfx)"
          accept=".pem,.crt,.cer,.p12,.pfx"
          file={certificateFile}
          onChange={setCertificateFile}
        />
        {certificateFile && !isBundle(certificateFile.name) ? (
          <FileField label="Client key (PEM)" accept=".pem,.key" file={keyFile} onChange={setKeyFile} />
        ) : null}
        {certificateFile ? (
          <label>
            Passphrase of the key or bundle
            <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" />
          </label>
        ) : null}
        {site?.clientCertificateSaved && !certificateFile ? (
          <label className="checkbox">
            <input type="checkbox" checked={forgetCertificate} onChange={(e) => setForgetCertificate(e.target.checked)} />
            Forget the saved client certificate
          </label>
        ) : null}
        <TlsVersionSelect value={minVersion} onChange={setMinVersion} />
      </fieldset>
      <fieldset>
        <legend>Notes</legend>
        <label>
          Colour label
          <select value={colour} onChange={(e) => setColour(e.target.value as SiteSettings["colour"])}>
            {siteColours.map((c) => (
              <option key={c} value={c}>
                {colourLabels[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Notes
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
        </label>
      </fieldset>
      <div className="dialog-buttons">
        <button type="submit" disabled={!valid}>
          Save
        </button>
        {onConnect ? (
          <button type="button" onClick={onConnect}>
            Connect
          </button>
        ) : null}
      </div>
    </form>
  );
}
