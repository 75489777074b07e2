import { useId } from "react";
import { tlsVersions, type TlsVersion } from "../../shared/certificate";
import { encryptionModeLabels, encryptionModes, type EncryptionMode } from "../../shared/domain";

/**
 * A select under its visible label. It is named by the label's text alone: a label that only
 * wraps a select also lends it the chosen option's text ("Encryption Require explicit FTP over TLS").
 */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  className,
  disabled,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  className?: string;
  disabled?: boolean;
}) {
  const labelId = useId();
  return (
    <label className={className}>
      <span id={labelId}>{label}</span>
      <select
        aria-labelledby={labelId}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const chosen = options.find((option) => option.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const encryptionOptions = encryptionModes.map((mode) => ({ value: mode, label: encryptionModeLabels[mode] }));
const tlsVersionOptions = tlsVersions.map((version) => ({ value: version, label: version.replace("TLSv", "TLS ") }));

/** The four encryption modes, named as FileZilla names them; quick connect and the site form share it. */
export function EncryptionSelect({ value, onChange }: { value: EncryptionMode; onChange: (mode: EncryptionMode) => void }) {
  return <SelectField label="Encryption" value={value} options={encryptionOptions} onChange={onChange} />;
}

export function TlsVersionSelect({ value, onChange }: { value: TlsVersion; onChange: (version: TlsVersion) => void }) {
  return <SelectField label="Minimum TLS version" value={value} options={tlsVersionOptions} onChange={onChange} />;
}
