/** Bookmarked folders: of the disk ("local"), or of one server (user@host:port). */
import { z } from "zod";
import { PathSchema } from "./domain";

const BookmarkKeySchema = z.string().min(1).max(600);

export const bookmarksContract = {
  commands: {
    "bookmarks.get": { request: z.object({ key: BookmarkKeySchema }), response: z.object({ paths: z.array(z.string()) }) },
    "bookmarks.set": {
      request: z.object({ key: BookmarkKeySchema, paths: z.array(PathSchema).max(500) }),
      response: z.object({}),
    },
  },
} as const;
