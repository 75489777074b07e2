/** What the renderer learns about the host it runs in, once, at start. */
import { z } from "zod";
import { ConnectRequestSchema } from "./domain";

export const appContract = {
  commands: {
    "app.info": {
      request: z.object({}),
      response: z.object({
        homePath: z.string(),
        platform: z.string(),
        version: z.string(),
        /** A connection to open at once: Ferry was started with an ftp:// or ftps:// URL. */
        startConnection: ConnectRequestSchema.optional(),
        /** Items can be dragged out to the desktop (the desktop app; not a browser). */
        canDragOut: z.boolean(),
        /** Local deletions go to the system's trash (the desktop app); without one they are for good, and Ferry asks first. */
        hasTrash: z.boolean(),
      }),
    },
  },
  events: {
    /** Ferry was started again with an ftp:// or ftps:// URL while it ran: the running one opens it (the password is asked for). */
    "app.open-connection": z.object({ connection: ConnectRequestSchema }),
  },
} as const;
