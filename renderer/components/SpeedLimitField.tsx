import { useState } from "react";

/**
 * A speed limit in KB/s (0 or empty: none), as FileZilla's speed-limit settings take it. The
 * value is set when the field is left or Enter is pressed, not on every keystroke; what is not a
 * whole number of 0 or more is put back.
 */
export function SpeedLimitField({ label, value, onSet }: { label: string; value: number; onSet(kilobytesPerSecond: number): void }) {
  // What the user is typing, until it is set; otherwise the preference as it is.
  const [draft, setDraft] = useState<string | undefined>();
  const text = draft ?? (value === 0 ? "" : String(value));
  const commit = () => {
    if (draft === undefined) return;
    const trimmed = draft.trim();
    const next = trimmed === "" ? 0 : Number(trimmed);
    if (Number.isInteger(next) && next >= 0 && next <= 10_000_000 && next !== value) onSet(next);
    setDraft(undefined);
  };
  return (
    <label title="KB/s for all transfers of this direction together; empty for no limit">
      {label}
      <input
        className="speed-limit-field"
        inputMode="numeric"
        placeholder="none"
        value={text}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
      />
      KB/s
    </label>
  );
}
