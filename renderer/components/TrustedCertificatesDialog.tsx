import { useEffect, useState } from "react";
import type { TrustedCertificate } from "../../shared/certificate";
import { hostAndPort } from "../../shared/host-address";
import { formatDateTime } from "../format";
import { call, errorMessage } from "../transport/bridge";
import { ModalDialog } from "./ModalDialog";

/** The certificates the user chose to always trust; each can be removed (Ferry asks again next time). */
export function TrustedCertificatesDialog({ onClose }: { onClose: () => void }) {
  const [entries, setEntries] = useState<TrustedCertificate[] | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);

  function reload(): Promise<void> {
    return call("trust.list", {}).then(
      (listed) => {
        setEntries(listed.entries);
        setMessage(listed.notice);
      },
      (error: unknown) => setMessage(errorMessage(error)),
    );
  }

  useEffect(() => {
    void reload();
  }, []);

  async function remove(entry: TrustedCertificate) {
    try {
      await call("trust.remove", { host: entry.host, port: entry.port });
      await reload();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  return (
    <ModalDialog labelledBy="trusted-title" className="trusted-dialog" onCancel={onClose}>
      <h2 id="trusted-title">Trusted certificates</h2>
      {message ? (
        <p role="alert" className="dialog-notice">
          {message}
        </p>
      ) : null}
      {entries === undefined ? (
        <p>Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No certificates are trusted yet. Choose &ldquo;Always trust&rdquo; in a certificate dialog to add one.</p>
      ) : (
        <table className="trusted-table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Subject</th>
              <th scope="col">SHA-256 fingerprint</th>
              <th scope="col">Trusted on</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={`${entry.host}:${entry.port}`}>
                <td>{hostAndPort(entry.host, entry.port)}</td>
                <td>{entry.subject}</td>
                <td className="mono fingerprint-cell">{entry.sha256}</td>
                <td>{formatDateTime(entry.trustedAt)}</td>
                <td>
                  <button type="button" aria-label={`Remove ${hostAndPort(entry.host, entry.port)}`} onClick={() => void remove(entry)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
