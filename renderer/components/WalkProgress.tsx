import { useEffect } from "react";
import type { FolderWalk, JobDirection } from "../../shared/transfer";
import { useWalkStore } from "../stores/walk-store";

const count = new Intl.NumberFormat();
const plural = (n: number, one: string, many: string) => `${count.format(n)} ${n === 1 ? one : many}`;
const verbs: Record<JobDirection, string> = { download: "download", upload: "upload", copy: "copy" };

function WalkLine({ walk }: { walk: FolderWalk }) {
  const cancel = useWalkStore((state) => state.cancel);
  return (
    <div className="walk">
      <span className="walk-text">
        Reading folders to {verbs[walk.direction]} from <bdi>{walk.folder}</bdi>… {plural(walk.folders, "folder", "folders")},{" "}
        {plural(walk.files, "file", "files")}
      </span>
      <button
        type="button"
        disabled={walk.stopping}
        title="Stops reading folders; the files found so far stay in the queue"
        onClick={() => void cancel(walk.batchId)}
      >
        {walk.stopping ? "Stopping…" : "Stop"}
      </button>
    </div>
  );
}

/**
 * The walks of server or local folders that an F5/F6 on folders starts, while they run: how many
 * folders and files each has found, and a button that stops it. Files found before the stop stay
 * queued, as in FileZilla; the notice board says so when it stops.
 */
export function WalkProgress() {
  const walks = useWalkStore((state) => state.walks);
  const error = useWalkStore((state) => state.error);
  useEffect(() => useWalkStore.getState().follow(), []);
  if (walks.length === 0 && !error) return null;
  return (
    <section className="walk-progress" role="status" aria-label="Reading folders">
      {walks.map((walk) => (
        <WalkLine key={walk.batchId} walk={walk} />
      ))}
      {error ? <p className="walk-error">{error}</p> : null}
    </section>
  );
}
