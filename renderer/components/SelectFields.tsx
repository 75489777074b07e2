import { tlsVersions, type TlsVersion } from "../../shared/certificate";
import { encryptionModeLabels, encryptionModes, type EncryptionMode } from "../../shared/domain";

/** The four encryption modes, named as FileZilla names them; quick connect and the site form share it. */
export function EncryptionSelect({ value, onChange }: { value: EncryptionMode; onChange: (mode: EncryptionMode) => void }) {
  return (
    <label>
      Encryption
      <select value={value} onChange={(e) => onChange(e.target.value as EncryptionMode)}>
        {encryptionModes.map((mode) => (
          <option key={mode} value={mode}>
            {encryptionModeLabels[mode]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TlsVersionSelect({ value, onChange }: { value: TlsVersion; onChange: (version: TlsVersion) => void }) {
  return (
    <label>
      Minimum TLS version
      <select value={value} onChange={(e) => onChange(e.target.value as TlsVersion)}>
        {tlsVersions.map((version) => (
          <option key={version} value={version}>
            {version.replace("TLSv", "TLS ")}
          </option>
        ))}
      </select>
    </label>
  );
}
