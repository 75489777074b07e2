import { useState } from "react";
import { compareCriteria, compareCriteriaLabels, maxToleranceMs, ToleranceMsSchema } from "../../shared/compare-folders";
import { usePanePreferences } from "../stores/pane-preferences-store";
import { SelectField } from "./SelectFields";

const criteriaOptions = compareCriteria.map((value) => ({ value, label: compareCriteriaLabels[value] }));

/** Seconds as typed, in milliseconds; undefined for text that is not a tolerance (empty, negative, over a day). */
function toleranceOf(text: string): number | undefined {
  const parsed = ToleranceMsSchema.safeParse(text.trim() === "" ? Number.NaN : Math.round(Number(text) * 1000));
  return parsed.success ? parsed.data : undefined;
}

/** Compare directories' preferences: what files are compared by, and how close two times must be to be the same. */
export function CompareFields() {
  const criteria = usePanePreferences((state) => state.compareCriteria);
  const toleranceMs = usePanePreferences((state) => state.compareToleranceMs);
  // The text as typed: a number half typed (or cleared to type another) is not taken until it reads as one.
  const [seconds, setSeconds] = useState(String(toleranceMs / 1000));
  return (
    <>
      <SelectField
        label="Compare directories by"
        value={criteria}
        options={criteriaOptions}
        onChange={(value) => usePanePreferences.getState().setCompareCriteria(value)}
      />
      <label>
        Same time within (seconds)
        <input
          type="number"
          className="tolerance-field"
          min={0}
          max={maxToleranceMs / 1000}
          step={1}
          value={seconds}
          aria-invalid={toleranceOf(seconds) === undefined}
          onChange={(e) => {
            setSeconds(e.target.value);
            const ms = toleranceOf(e.target.value);
            if (ms !== undefined) usePanePreferences.getState().setCompareToleranceMs(ms);
          }}
        />
      </label>
    </>
  );
}
