/**
 * Notices: things main has to tell the user that belong to no command, such as a data file
 * that could not be read at start and was kept aside. Each is a sentence, never an error code.
 */
import { z } from "zod";

export const NoticeSchema = z.object({
  id: z.string().min(1).max(64),
  /** What happened and what Ferry did about it, in one or two sentences. */
  text: z.string(),
  /** Where to look: the full path of a file kept aside, for example. */
  detail: z.string().optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const noticesContract = {
  commands: {
    /** The notices not dismissed yet, including those raised before the page connected. */
    "notices.list": { request: z.object({}), response: z.object({ notices: z.array(NoticeSchema) }) },
    /** The user has read a notice: it is not shown again, not even after a reload. */
    "notices.dismiss": { request: z.object({ id: z.string().min(1).max(64) }), response: z.object({}) },
  },
  events: {
    "notices.shown": NoticeSchema,
  },
} as const;
