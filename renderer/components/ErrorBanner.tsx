import { useSessionStore } from "../stores/session-store";

/** A connection error in words, until the user dismisses it or connects again. */
export function ErrorBanner() {
  const error = useSessionStore((state) => state.error);
  const dismissError = useSessionStore((state) => state.dismissError);
  if (!error) return null;
  return (
    <div role="alert" className="error-banner">
      <span>{error}</span>
      <button type="button" aria-label="Dismiss" onClick={dismissError}>
        ×
      </button>
    </div>
  );
}
