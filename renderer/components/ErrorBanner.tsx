import { useLogStore } from "../stores/log-store";
import { useSessionStore } from "../stores/session-store";

/**
 * A connection error in words, naming the tab's server, until the user dismisses it, that tab
 * works again, or the user connects again. A failed connect offers its attempt's log.
 */
export function ErrorBanner() {
  const error = useSessionStore((state) => state.error);
  const dismissError = useSessionStore((state) => state.dismissError);
  const logVisible = useLogStore((state) => state.visible);
  const showLog = useLogStore((state) => state.show);
  if (!error) return null;
  return (
    <div role="alert" className="error-banner">
      <span>{error.message}</span>
      <span className="error-banner-actions">
        {error.sessionId === undefined && !logVisible ? (
          <button type="button" className="error-banner-action" onClick={() => void showLog()}>
            Show log
          </button>
        ) : null}
        <button type="button" aria-label="Dismiss" onClick={dismissError}>
          ×
        </button>
      </span>
    </div>
  );
}
