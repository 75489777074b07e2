import { useState, type FormEvent } from "react";
import { normalizeSha256, type ClientCertificate, type TlsOptions, type TlsVersion } from "../../shared/certificate";
import { TlsVersionSelect } from "./SelectFields";
import { ModalDialog } from "./ModalDialog";

/** A file the user picked, held as its name and content (text, or base64 for binary bundles). */
export interface PickedFile {
  name: string;
  content: string;
}

export interface TlsOptionsDraft {
  caFile?: PickedFile | undefined;
  pinnedSha256: string;
  certificateFile?: PickedFile | undefined;
  keyFile?: PickedFile | undefined;
  passphrase: string;
  minVersion: TlsVersion;
}

export const emptyTlsOptions: TlsOptionsDraft = { pinnedSha256: "", passphrase: "", minVersion: "TLSv1.2" };

export const isBundle = (name: string) => /\.(p12|pfx)$/i.test(name);

async function readPicked(file: File): Promise<PickedFile> {
  if (!isBundle(file.name)) return { name: file.name, content: await file.text() };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { name: file.name, content: btoa(binary) };
}

/** A picked client certificate (bundle, or PEM pair) as the contract carries it. */
export function clientCertificateOf(
  certificate: PickedFile | undefined,
  key: PickedFile | undefined,
  passphrase: string,
): ClientCertificate | undefined {
  const secret = passphrase ? { passphrase } : {};
  if (certificate && isBundle(certificate.name)) return { format: "pkcs12", pkcs12Base64: certificate.content, ...secret };
  if (certificate && key) return { format: "pem", certificatePem: certificate.content, keyPem: key.content, ...secret };
  return undefined;
}

/** What a draft means for a connect request; undefined where it sets nothing. */
export function tlsOptionsFromDraft(draft: TlsOptionsDraft): TlsOptions | undefined {
  const clientCertificate = clientCertificateOf(draft.certificateFile, draft.keyFile, draft.passphrase);
  const options: TlsOptions = {
    ...(draft.caFile ? { trustedCaPem: draft.caFile.content } : {}),
    ...(draft.pinnedSha256.trim() ? { pinnedSha256: draft.pinnedSha256.trim() } : {}),
    ...(clientCertificate ? { clientCertificate } : {}),
    ...(draft.minVersion !== "TLSv1.2" ? { minVersion: draft.minVersion } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

export function FileField(props: {
  label: string;
  accept: string;
  file: PickedFile | undefined;
  onChange: (file: PickedFile | undefined) => void;
}) {
  return (
    <div className="file-field">
      <label>
        {props.label}
        <input
          type="file"
          accept={props.accept}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void readPicked(file).then(props.onChange);
          }}
        />
      </label>
      {props.file ? (
        <span className="file-chosen">
          {props.file.name}
          <button type="button" aria-label={`Clear ${props.label}`} onClick={() => props.onChange(undefined)}>
            Clear
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** Quick connect's advanced TLS options, the same ones a saved site will carry. */
export function TlsOptionsDialog(props: { value: TlsOptionsDraft; onSave: (draft: TlsOptionsDraft) => void; onClose: () => void }) {
  const [draft, setDraft] = useState(props.value);
  const update = (change: Partial<TlsOptionsDraft>) => setDraft((current) => ({ ...current, ...change }));

  const pinValid = draft.pinnedSha256.trim() === "" || normalizeSha256(draft.pinnedSha256) !== undefined;
  const needsKey = draft.certificateFile !== undefined && !isBundle(draft.certificateFile.name) && draft.keyFile === undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!pinValid || needsKey) return;
    props.onSave(draft);
  }

  return (
    <ModalDialog labelledBy="tls-options-title" className="tls-options-dialog" onCancel={props.onClose}>
      <form onSubmit={onSubmit}>
        <h2 id="tls-options-title">TLS options</h2>
        <FileField
          label="Trust this CA certificate (PEM)"
          accept=".pem,.crt,.cer"
          file={draft.caFile}
          onChange={(caFile) => update({ caFile })}
        />
        <label>
          Pinned SHA-256 fingerprint
          <input
            value={draft.pinnedSha256}
            onChange={(e) => update({ pinnedSha256: e.target.value })}
            aria-invalid={!pinValid}
            aria-describedby="pin-help"
            spellCheck={false}
            className="mono"
            placeholder="AB:CD:…"
          />
        </label>
        <p id="pin-help" className="field-help">
          {pinValid
            ? "When set, Ferry connects only to a server with exactly this certificate, without asking."
            : "A SHA-256 fingerprint is 64 hex digits."}
        </p>
        <FileField
          label="Client certificate (PEM, or PKCS#12 .p12/.pfx)"
          accept=".pem,.crt,.cer,.p12,.pfx"
          file={draft.certificateFile}
          onChange={(certificateFile) => update({ certificateFile })}
        />
        {draft.certificateFile && !isBundle(draft.certificateFile.name) ? (
          <FileField label="Client key (PEM)" accept=".pem,.key" file={draft.keyFile} onChange={(keyFile) => update({ keyFile })} />
        ) : null}
        {needsKey ? <p className="field-help field-error">Choose the key that belongs to the certificate.</p> : null}
        <label>
          Passphrase of the key or bundle
          <input type="password" value={draft.passphrase} onChange={(e) => update({ passphrase: e.target.value })} autoComplete="off" />
        </label>
        <TlsVersionSelect value={draft.minVersion} onChange={(minVersion) => update({ minVersion })} />
        <div className="dialog-buttons">
          <button type="submit" disabled={!pinValid || needsKey}>
            OK
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
