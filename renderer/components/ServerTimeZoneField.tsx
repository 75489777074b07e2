import { formatUtcOffset, utcOffsetChoices } from "../../shared/server-time-zone";
import { SelectField } from "./SelectFields";

const automatic = "auto";

/**
 * A site's server time zone (WinSCP's "Timezone offset", FileZilla's "Adjust server time"):
 * Automatic, detected from MDTM on the first listing, or the zone whose local time the server
 * lists in. An odd offset a site was imported with stays among the choices.
 */
export function ServerTimeZoneField({ value, onChange }: { value: number | undefined; onChange(next: number | undefined): void }) {
  const offsets =
    value === undefined || utcOffsetChoices.includes(value) ? utcOffsetChoices : [...utcOffsetChoices, value].sort((a, b) => a - b);
  const options = [
    { value: automatic, label: "Automatic (detected from MDTM)" },
    ...offsets.map((minutes) => ({ value: String(minutes), label: formatUtcOffset(minutes) })),
  ];
  return (
    <>
      <SelectField
        label="Server time zone"
        value={value === undefined ? automatic : String(value)}
        options={options}
        onChange={(chosen) => onChange(chosen === automatic ? undefined : Number(chosen))}
      />
      <p className="field-help">
        For servers that list times in their own zone. Automatic compares a file&apos;s listed time with its MDTM time; choose the zone for
        a server without MDTM.
      </p>
    </>
  );
}
