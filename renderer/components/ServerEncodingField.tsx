import { encodingLabels, fixedEncodings, type FixedEncoding, type ServerEncoding } from "../../shared/server-encoding";
import { SelectField } from "./SelectFields";

/** A site's encoding of file names, with the fallback "Auto" reads names in when the server does not announce UTF-8. */
export interface NameEncoding {
  encoding: ServerEncoding;
  fallbackEncoding: FixedEncoding;
}

const fixedOptions = fixedEncodings.map((encoding) => ({ value: encoding, label: encodingLabels[encoding] }));
const encodingOptions = [{ value: "auto" as const, label: "Auto (UTF-8 if the server announces it)" }, ...fixedOptions];

/**
 * FileZilla's "Character set" with WinSCP's and FileZilla's choices: Auto, which is UTF-8 on a
 * server that says it speaks UTF-8 and the fallback on one that does not, or one encoding always.
 */
export function ServerEncodingField({ value, onChange }: { value: NameEncoding; onChange(next: NameEncoding): void }) {
  return (
    <>
      <div className="form-row">
        <SelectField
          label="File names"
          value={value.encoding}
          options={encodingOptions}
          onChange={(encoding) => onChange({ ...value, encoding })}
        />
        {value.encoding === "auto" && (
          <SelectField
            label="When the server does not announce UTF-8"
            value={value.fallbackEncoding}
            options={fixedOptions}
            onChange={(fallbackEncoding) => onChange({ ...value, fallbackEncoding })}
          />
        )}
      </div>
      <p className="field-help">
        For old servers that keep names in a code page. A name that does not read in the chosen encoding shows with a marker, and can still
        be downloaded, renamed and deleted.
      </p>
    </>
  );
}
