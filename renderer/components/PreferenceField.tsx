import { useState } from "react";

interface PreferenceFieldProps {
  label: string;
  title: string;
  /** The preference as the field shows it. */
  shown: string;
  placeholder: string;
  /** Words after the field ("KB/s"). */
  unit?: string;
  /** Whether the typed text is a value the preference takes. */
  accepts(text: string): boolean;
  /** Why typed text is not taken, in a sentence shown under the field while it is typed (a bad mask). */
  problemOf?(text: string): string | undefined;
  /** A field for longer text (a list of masks). */
  wide?: boolean;
  onSet(text: string): void;
}

/**
 * A preference typed into a small field (a speed limit, permissions), set when the field is left
 * or Enter is pressed rather than on every keystroke; text the preference does not take is put
 * back to what it was.
 */
export function PreferenceField({ label, title, shown, placeholder, unit, accepts, problemOf, wide, onSet }: PreferenceFieldProps) {
  // What the user is typing, until it is set; otherwise the preference as it is.
  const [draft, setDraft] = useState<string | undefined>();
  const commit = () => {
    if (draft === undefined) return;
    const typed = draft.trim();
    if (typed !== shown && accepts(typed)) onSet(typed);
    setDraft(undefined);
  };
  const problem = draft === undefined ? undefined : problemOf?.(draft.trim());
  return (
    <>
      <label title={title}>
        {label}
        <input
          className={wide ? "preference-field mono" : "preference-field"}
          aria-invalid={problem !== undefined}
          placeholder={placeholder}
          value={draft ?? shown}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
          }}
        />
        {unit}
      </label>
      {problem ? <p className="field-help field-error preference-problem">{problem}</p> : null}
    </>
  );
}
