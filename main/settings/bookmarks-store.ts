import { z } from "zod";
import { JsonStore, type Notify } from "../storage/json-store";

/**
 * The file keeps bookmarks as an object by key; in memory they are a Map, so that a key such
 * as `__proto__` or `constructor` is just a key (zod's record would drop or misread it).
 */
const BookmarksSchema = z.preprocess(
  (value) => (typeof value === "object" && value !== null && !Array.isArray(value) ? new Map(Object.entries(value)) : value),
  z.map(z.string(), z.array(z.string())),
);
const BookmarksFileSchema = z.object({ version: z.literal(1), bookmarks: BookmarksSchema }).transform((file) => file.bookmarks);

type Bookmarks = ReadonlyMap<string, string[]>;

/** Bookmarked folders: "local" for the disk, user@host:port for each server. */
export class BookmarksStore {
  private readonly file: JsonStore<Bookmarks>;

  constructor(path: string, notify?: Notify) {
    this.file = new JsonStore<Bookmarks>({
      path,
      schema: BookmarksFileSchema,
      initial: new Map(),
      // Object.fromEntries defines each key as the object's own, `__proto__` included.
      toJson: (bookmarks) => ({ version: 1, bookmarks: Object.fromEntries(bookmarks) }),
      label: "Your bookmarks",
      afresh: "Ferry started with no bookmarks",
      notify,
    });
  }

  async get(key: string): Promise<string[]> {
    return (await this.file.read()).get(key) ?? [];
  }

  async set(key: string, paths: string[]): Promise<void> {
    await this.file.update((bookmarks) => new Map(bookmarks).set(key, [...new Set(paths)]));
  }
}
