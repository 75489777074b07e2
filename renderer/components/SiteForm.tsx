import { useEffect, useRef, useState, type FormEvent } from "react";
import { dataConnectionModeOptions } from "../../shared/active-mode";
import { normalizeSha256, type TlsVersion } from "../../shared/certificate";
import { defaultPort, type EncryptionMode } from "../../shared/domain";
import { bareHost, isHostName, notAHost } from "../../shared/host-address";
import { siteColours, siteDefaults, type SitesView, type SiteSettings, type SiteView } from "../../shared/site";
import type { TransferOverrides } from "../../shared/transfer";
import { useSitesStore } from "../stores/sites-store";
import { EncryptionSelect, SelectField, TlsVersionSelect } from "./SelectFields";
import { ServerEncodingField, type NameEncoding } from "./ServerEncodingField";
import { ServerTimeZoneField } from "./ServerTimeZoneField";
import { loginFieldsOf, loginFieldsValid, loginSettingsOf, SiteLoginFields } from "./SiteLoginFields";
import { SiteTransferFields, transferOverridesValid } from "./SiteTransferFields";
import { clientCertificateOf, FileField, isBundle, type PickedFile } from "./TlsOptionsDialog";

interface SiteFormProps {
  site: SiteView | undefined;
  folderId: string | undefined;
  passwordStorage: SitesView["passwordStorage"] | undefined;
}

/** The form's id: the dialog's footer buttons (Save) belong to it. */
export const siteFormId = "site-form";
/** What a new site is called until the user names it, in the form and in the tree. */
export const newSiteName = "New site";

const colourLabels: Record<SiteSettings["colour"], string> = {
  none: "None",
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  blue: "Blue",
  purple: "Purple",
};
const colourOptions = siteColours.map((colour) => ({ value: colour, label: colourLabels[colour] }));
const passiveOptions = [
  { value: "server", label: "Use the address the server gives" },
  { value: "control", label: "Use the server's host name (for servers behind NAT)" },
] as const;

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/**
 * One site's settings; secrets are sent when changed and never shown again. Its Save button
 * sits in the dialog's footer; the dialog learns through the store whether anything is unsaved.
 */
export function SiteForm({ site, folderId, passwordStorage }: SiteFormProps) {
  const save = useSitesStore((state) => state.save);
  const setEdit = useSitesStore((state) => state.setEdit);
  // A new site starts from the contract's defaults.
  const initial = site ?? siteDefaults;
  const [name, setName] = useState(site?.name ?? newSiteName);
  const [host, setHost] = useState(site?.host ?? "");
  const [port, setPort] = useState(site?.port ? String(site.port) : "");
  const [encryption, setEncryption] = useState<EncryptionMode>(initial.encryption);
  const [user, setUser] = useState(initial.user);
  const [savePassword, setSavePassword] = useState(site ? site.passwordSaved || site.secretsUnreadable : passwordStorage?.secure === true);
  const [password, setPassword] = useState("");
  const [remotePath, setRemotePath] = useState(site?.initialRemotePath ?? "");
  const [localPath, setLocalPath] = useState(site?.initialLocalPath ?? "");
  const [passiveHost, setPassiveHost] = useState<SiteSettings["passiveHost"]>(initial.passiveHost);
  const [noProxy, setNoProxy] = useState(initial.noProxy);
  const [dataMode, setDataMode] = useState<SiteSettings["dataConnectionMode"]>(initial.dataConnectionMode);
  const [parallel, setParallel] = useState(site?.parallel ? String(site.parallel) : "");
  const [maxConnections, setMaxConnections] = useState(site?.maxConnections ? String(site.maxConnections) : "");
  const [keepAlive, setKeepAlive] = useState(String(initial.keepAliveSeconds));
  const [timeout, setTimeoutSeconds] = useState(site?.timeoutSeconds ? String(site.timeoutSeconds) : "");
  const [encoding, setEncoding] = useState<NameEncoding>({ encoding: initial.encoding, fallbackEncoding: initial.fallbackEncoding });
  const [timeOffset, setTimeOffset] = useState(site?.serverTimeOffsetMinutes);
  const [caFile, setCaFile] = useState<PickedFile | undefined>(
    site?.tls?.trustedCaPem ? { name: "saved CA certificate", content: site.tls.trustedCaPem } : undefined,
  );
  const [pin, setPin] = useState(site?.tls?.pinnedSha256 ?? "");
  const [minVersion, setMinVersion] = useState<TlsVersion>(site?.tls?.minVersion ?? "TLSv1.2");
  const [certificateFile, setCertificateFile] = useState<PickedFile | undefined>(undefined);
  const [keyFile, setKeyFile] = useState<PickedFile | undefined>(undefined);
  const [passphrase, setPassphrase] = useState("");
  const [forgetCertificate, setForgetCertificate] = useState(false);
  const [transfers, setTransfers] = useState<TransferOverrides>(site?.transfers ?? {});
  const [colour, setColour] = useState<SiteSettings["colour"]>(initial.colour);
  const [notes, setNotes] = useState(initial.notes);
  const [login, setLogin] = useState(loginFieldsOf(initial));

  const pinValid = pin.trim() === "" || normalizeSha256(pin) !== undefined;
  const hostValid = host.trim() === "" || isHostName(bareHost(host));
  const portValid = port.trim() === "" || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
  const valid =
    name.trim() !== "" &&
    host.trim() !== "" &&
    hostValid &&
    pinValid &&
    portValid &&
    transferOverridesValid(transfers) &&
    loginFieldsValid(login);

  // Everything the user can change, to tell whether anything was: a new site is unsaved from the start.
  const snapshot = JSON.stringify([
    [name, host, port, encryption, user, savePassword, password, remotePath, localPath, passiveHost, parallel, keepAlive, timeout],
    [
      encoding,
      timeOffset,
      caFile?.content,
      pin,
      minVersion,
      certificateFile?.content,
      keyFile?.content,
      passphrase,
      forgetCertificate,
      colour,
      notes,
      noProxy,
      dataMode,
    ],
    transfers,
    login,
    maxConnections,
  ]);
  const [savedSnapshot] = useState(snapshot);
  const dirty = !site || snapshot !== savedSnapshot;

  function submit(): Promise<string | undefined> {
    if (!valid) return Promise.resolve(undefined);
    const tls = {
      ...(caFile ? { trustedCaPem: caFile.content } : {}),
      ...(pin.trim() ? { pinnedSha256: pin.trim() } : {}),
      ...(minVersion !== "TLSv1.2" ? { minVersion } : {}),
    };
    const numbers = {
      port: optionalNumber(port),
      parallel: optionalNumber(parallel),
      maxConnections: optionalNumber(maxConnections),
      timeoutSeconds: optionalNumber(timeout),
    };
    const settings: SiteSettings = {
      name: name.trim(),
      host: bareHost(host),
      encryption,
      user,
      ...loginSettingsOf(login),
      passiveHost,
      noProxy,
      dataConnectionMode: dataMode,
      ...encoding,
      colour,
      notes,
      // Empty means the default (on); 0 turns keep-alive off.
      keepAliveSeconds: optionalNumber(keepAlive) ?? siteDefaults.keepAliveSeconds,
      ...Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined && value > 0)),
      ...(remotePath.trim() ? { initialRemotePath: remotePath.trim() } : {}),
      ...(localPath.trim() ? { initialLocalPath: localPath.trim() } : {}),
      ...(Object.keys(tls).length > 0 ? { tls } : {}),
      ...(Object.keys(transfers).length > 0 ? { transfers } : {}),
      ...(timeOffset !== undefined ? { serverTimeOffsetMinutes: timeOffset } : {}),
    };
    const certificate = clientCertificateOf(certificateFile, keyFile, passphrase);
    const saved = save({
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
    return saved;
  }

  // The dialog saves through the latest `submit`, which sees the latest values.
  const latestSubmit = useRef(submit);
  useEffect(() => {
    latestSubmit.current = submit;
  });
  useEffect(() => {
    setEdit({ dirty, valid, name, save: () => latestSubmit.current() });
  }, [dirty, valid, name, setEdit]);
  useEffect(() => () => setEdit(undefined), [setEdit]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  return (
    <form id={siteFormId} className="site-form" aria-label={site ? `Site ${site.name}` : newSiteName} onSubmit={onSubmit}>
      <fieldset>
        <legend>Connection</legend>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoFocus={!site}
            onFocus={(e) => !site && e.target.select()}
          />
        </label>
        <div className="form-row">
          <label className="grow">
            Host
            <input value={host} onChange={(e) => setHost(e.target.value)} spellCheck={false} required aria-invalid={!hostValid} />
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
        {hostValid ? null : <p className="field-help field-error">{notAHost}</p>}
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
        <SiteLoginFields value={login} onChange={setLogin} />
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
        <SelectField label="Data connections" value={dataMode} options={dataConnectionModeOptions} onChange={setDataMode} />
        <SelectField label="Passive mode" value={passiveHost} options={passiveOptions} onChange={setPassiveHost} />
        <label className="checkbox">
          <input type="checkbox" checked={noProxy} onChange={(e) => setNoProxy(e.target.checked)} />
          Don't use the proxy for this site
        </label>
        <div className="form-row">
          <label>
            Transfers at once
            <input value={parallel} onChange={(e) => setParallel(e.target.value)} inputMode="numeric" size={4} placeholder="default" />
          </label>
          <label title="Connections to the server at once, browsing included, for hosts that allow only a few">
            Connections at most
            <input
              value={maxConnections}
              onChange={(e) => setMaxConnections(e.target.value)}
              inputMode="numeric"
              size={4}
              placeholder="no limit"
            />
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
        </div>
        <ServerEncodingField value={encoding} onChange={setEncoding} />
        <ServerTimeZoneField value={timeOffset} onChange={setTimeOffset} />
        <SiteTransferFields value={transfers} onChange={setTransfers} />
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
        <SelectField label="Colour label" value={colour} options={colourOptions} onChange={setColour} />
        <label>
          Notes
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
        </label>
      </fieldset>
    </form>
  );
}
