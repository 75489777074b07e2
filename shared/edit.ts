/**
 * F3 View and F4 Edit: a file of either pane read into Ferry's editor or viewer, and the editor's
 * saves written back (to the server through a temporary name and a rename, to the disk atomically).
 * Main keeps no state per open file: what the file was when it was opened travels with the editor
 * and comes back with each save, for the conflict check.
 */
import { z } from "zod";
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

export const LineEndingSchema = z.enum(["lf", "crlf"]);
export type LineEnding = z.infer<typeof LineEndingSchema>;

/** What a file was when Ferry read or wrote it: a later save compares the file's state now with this. */
export const FileStampSchema = z.object({
  size: z.number().int().nonnegative(),
  /** Milliseconds since the epoch (MDTM or the disk's); absent where the server cannot say. */
  modified: z.number().optional(),
});
export type FileStamp = z.infer<typeof FileStampSchema>;

/** The editor's text travels as characters with "\n" line ends; main turns it into the file's bytes. */
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
