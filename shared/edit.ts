/**
 * F3 View and F4 Edit: a file of either pane read into Ferry's editor or viewer, and the editor's
 * saves written back (to the server through a temporary name and a rename, to the disk atomically).
 * Main keeps no state per open file: what the file was when it was opened travels with the editor
 * and comes back with each save, for the conflict check.
 */
import { z } from "zod";
import { SessionIdSchema } from "./domain";
import { inPaneFolder, NameSchema } from "./files";

/** How a text file's bytes are characters: kept on save unless the user picks another in the status line. */
export const textEncodings = ["utf-8", "utf-8-bom", "windows-1252", "iso-8859-1"] as const;
export const TextEncodingSchema = z.enum(textEncodings);
export type TextEncoding = z.infer<typeof TextEncodingSchema>;

export const encodingLabels: Record<TextEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 with BOM",
  "windows-1252": "Windows-1252",
  "iso-8859-1": "Latin-1",
};

/**
 * How lines end in the file. "mixed": LF and CRLF lines both, kept as they are (the CRs are
 * characters of the text); choosing another in the status line makes every line end alike.
 */
export const LineEndingSchema = z.enum(["lf", "crlf", "cr", "mixed"]);
export type LineEnding = z.infer<typeof LineEndingSchema>;

export const lineEndingLabels: Record<LineEnding, string> = { lf: "LF", crlf: "CRLF", cr: "CR", mixed: "Mixed" };

/** What a file was when Ferry read or wrote it: a later save compares the file's state now with this. */
export const FileStampSchema = z.object({
  size: z.number().int().nonnegative(),
  /** Milliseconds since the epoch (MDTM or the disk's); absent where the server cannot say. */
  modified: z.number().optional(),
});
export type FileStamp = z.infer<typeof FileStampSchema>;

/**
 * The editor's text travels as characters with "\n" line ends, any other CR a character of its
 * line; main turns it into the file's bytes.
 */
export const OpenedTextSchema = z.object({
  kind: z.literal("text"),
  text: z.string(),
  encoding: TextEncodingSchema,
  lineEnding: LineEndingSchema,
  stamp: FileStampSchema,
});
export type OpenedText = z.infer<typeof OpenedTextSchema>;

export const viewableImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"] as const;

export const OpenedImageSchema = z.object({
  kind: z.literal("image"),
  mimeType: z.enum(viewableImageTypes),
  /** The bytes in base64, shown through a data: URL in an <img>, so that an SVG's scripts never run. */
  base64: z.string(),
  stamp: FileStampSchema,
});

/** A file larger than the preference: opened only once the user says so (`allowLarge`). */
export const TooLargeSchema = z.object({ kind: z.literal("too-large"), size: z.number().int(), limit: z.number().int() });

/**
 * Which file may be replaced: the one opened (unchanged since `stamp`), whatever is there now
 * (the user chose to overwrite), or none (a new name: an existing file is a conflict).
 */
export const SaveGuardSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unchanged"), stamp: FileStampSchema }),
  z.object({ kind: z.literal("overwrite") }),
  z.object({ kind: z.literal("new") }),
]);
export type SaveGuard = z.infer<typeof SaveGuardSchema>;

/** No file above this opens, even when the user says so: it would not fit the editor's memory. */
export const editHardLimit = 50 * 1000 * 1000;

/** Characters a save may carry: room for a file at the hard limit, and some typing. */
const maxText = 2 * editHardLimit;

export const SavedSchema = z.object({
  kind: z.literal("saved"),
  stamp: FileStampSchema,
  /** When the save ended, in milliseconds since the epoch. */
  at: z.number(),
  /** "direct": the server would not rename onto the file, so it was written in place (checked by size). */
  method: z.enum(["renamed", "direct"]),
});

/** Someone else changed (or deleted) the file since it was opened: the user chooses what happens. */
export const ConflictSchema = z.object({
  kind: z.literal("conflict"),
  /** The file as it is now; absent when it is gone. */
  current: FileStampSchema.optional(),
});

export const editContract = {
  commands: {
    /** Reads a file for F4 (text only) or F3 (text or an image). Binary files are refused with a sentence. */
    "edit.open": {
      request: inPaneFolder({ name: NameSchema, purpose: z.enum(["edit", "view"]), allowLarge: z.boolean().optional() }),
      response: z.discriminatedUnion("kind", [OpenedTextSchema, OpenedImageSchema, TooLargeSchema]),
    },
    /** Writes the editor's text into the file (`name` may be a new one: "save mine as a new name"). */
    "edit.save": {
      request: inPaneFolder({
        name: NameSchema,
        text: z.string().max(maxText),
        encoding: TextEncodingSchema,
        lineEnding: LineEndingSchema,
        guard: SaveGuardSchema,
      }),
      response: z.discriminatedUnion("kind", [SavedSchema, ConflictSchema]),
    },
  },
} as const;

export type OpenedFile = z.infer<(typeof editContract.commands)["edit.open"]["response"]>;
export type SaveOutcome = z.infer<(typeof editContract.commands)["edit.save"]["response"]>;

/**
 * A server file being edited in another program: Ferry downloaded it into a private folder of
 * its own, watches it there, and uploads each save (after the same conflict check as its own
 * editor's saves) until the user stops watching or the tab closes.
 */
export const ExternalEditStateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("watching") }),
  z.object({ kind: z.literal("uploading") }),
  z.object({ kind: z.literal("uploaded"), at: z.number() }),
  z.object({ kind: z.literal("failed"), message: z.string() }),
  /** The server's copy changed since it was downloaded or last uploaded; absent `current`: it is gone. */
  z.object({ kind: z.literal("conflict"), current: FileStampSchema.optional() }),
]);
export type ExternalEditState = z.infer<typeof ExternalEditStateSchema>;

export const ExternalEditIdSchema = z.string().regex(/^x\d{1,9}$/);

export const ExternalEditSchema = z.object({
  editId: ExternalEditIdSchema,
  sessionId: SessionIdSchema,
  /** The server folder and the file's name there. */
  folder: z.string(),
  name: z.string(),
  /** The private folder that holds the copy the other program edits. */
  localFolder: z.string(),
  state: ExternalEditStateSchema,
  /** The copy holds changes the server does not have yet (not uploaded, failed, or in conflict). */
  pending: z.boolean(),
});
export type ExternalEdit = z.infer<typeof ExternalEditSchema>;

export const externalEditContract = {
  commands: {
    /**
     * F4 with the preference set to another program: a server file is downloaded, opened there and
     * watched (the answer names the watch); a local file is opened where it is (no watch needed).
     */
    "edit.external.open": {
      request: inPaneFolder({ name: NameSchema }),
      response: z.object({ edit: ExternalEditSchema.optional() }),
    },
    "edit.external.list": { request: z.object({}), response: z.object({ edits: z.array(ExternalEditSchema) }) },
    /** Uploads the copy now: Retry after a failure, or "Overwrite theirs" after a conflict (`overwrite`). */
    "edit.external.upload": {
      request: z.object({ editId: ExternalEditIdSchema, overwrite: z.boolean() }),
      response: z.object({ edit: ExternalEditSchema }),
    },
    /**
     * Stop watching. "ask": a copy with changes not uploaded is not stopped (the answer says
     * "pending"); "discard": stopped, and the copy deleted whatever it holds.
     */
    "edit.external.stop": {
      request: z.object({ editId: ExternalEditIdSchema, unsaved: z.enum(["ask", "discard"]) }),
      response: z.object({ kind: z.enum(["stopped", "pending"]) }),
    },
    /** Shows the private folder in the system's file manager. */
    "edit.external.show-folder": { request: z.object({ editId: ExternalEditIdSchema }), response: z.object({}) },
  },
  events: {
    /** The files being edited in other programs, all of them, after any change. */
    "edit.external.changed": z.object({ edits: z.array(ExternalEditSchema) }),
  },
} as const;
