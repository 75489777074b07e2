import type { bookmarksContract } from "../../shared/bookmarks";
import type { DomainHandlers } from "../router/router";
import type { BookmarksStore } from "../settings/bookmarks-store";

export function bookmarksCommands(bookmarks: BookmarksStore): DomainHandlers<typeof bookmarksContract> {
  return {
    "bookmarks.get": async ({ key }) => ({ paths: await bookmarks.get(key) }),
    "bookmarks.set": async ({ key, paths }) => {
      await bookmarks.set(key, paths);
      return {};
    },
  };
}
