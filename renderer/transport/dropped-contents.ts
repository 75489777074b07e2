import { maxDropChunkBytes } from "../../shared/drop";
import type { PaneTarget } from "../../shared/files";
import { call } from "./bridge";

/** A file or folder dropped from the desktop, with its path inside the drop ("photos/a.jpg"). */
export type DroppedItem = { kind: "file"; path: string; file: File } | { kind: "folder"; path: string };

function base64(bytes: Uint8Array): string {
  let binary = "";
  // String.fromCharCode takes its arguments on the stack: a slice at a time.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Streams dropped files to main in chunks (a browser gives contents, not paths), then has
 * main queue them into the pane's folder like any other transfer. A failure part-way drops
 * what had arrived.
 */
export async function sendDroppedContents(
  items: DroppedItem[],
  target: PaneTarget,
  folder: string,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const total = items.reduce((sum, item) => sum + (item.kind === "file" ? item.file.size : 0), 0);
  const { dropId } = await call("drops.begin", {});
  let done = 0;
  try {
    for (const item of items) {
      if (item.kind === "folder") {
        await call("drops.write", { kind: "folder", dropId, path: item.path });
        continue;
      }
      let offset = 0;
      do {
        const chunk = new Uint8Array(await item.file.slice(offset, offset + maxDropChunkBytes).arrayBuffer());
        await call("drops.write", { kind: "file", dropId, path: item.path, offset, data: base64(chunk) });
        offset += chunk.length;
        done += chunk.length;
        onProgress(done, total);
      } while (offset < item.file.size);
    }
    return (await call("drops.queue", { dropId, target, folder })).added;
  } catch (error) {
    await call("drops.cancel", { dropId }).catch(() => undefined);
    throw error;
  }
}
