import { z } from "zod";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

const BookmarksFileSchema = z.object({ version: z.literal(1), bookmarks: z.record(z.string(), z.array(z.string())) });

/** Bookmarked folders: "local" for the disk, user@host:port for each server. */
export class BookmarksStore {
  private bookmarks: Record<string, string[]> | undefined;

  constructor(private readonly path: string) {}

  async get(key: string): Promise<string[]> {
    return (await this.load())[key] ?? [];
  }

  async set(key: string, paths: string[]): Promise<void> {
    const bookmarks = await this.load();
    bookmarks[key] = [...new Set(paths)];
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, bookmarks }, null, 2));
  }

  private async load(): Promise<Record<string, string[]>> {
    if (!this.bookmarks) {
      const read = await readJsonFile(this.path, BookmarksFileSchema);
      this.bookmarks = read.state === "ok" ? read.value.bookmarks : {};
    }
    return this.bookmarks;
  }
}
