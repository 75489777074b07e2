import type { z } from "zod";
import { SiteFolderSchema, SiteSettingsSchema, type SiteSettings } from "../../shared/site";

/*
 * Site data Ferry's own forms did not check (another program's file, an old sites file), made to
 * fit what Ferry saves. The sites file is read whole, so one site past a limit there would make
 * every site unreadable: what can be clipped is, the rest is refused with a reason in words.
 */

const maxName = SiteSettingsSchema.shape.name.maxLength ?? Infinity;
const maxNotes = SiteSettingsSchema.shape.notes.unwrap().maxLength ?? Infinity;
const maxFolderName = SiteFolderSchema.shape.name.maxLength ?? Infinity;

/** Cuts a text to `max` characters, the last an ellipsis, without splitting a character in two. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text
    .slice(0, max - 1)
    .replace(/[\uD800-\uDBFF]$/, "")
    .trimEnd()}…`;
}

/** A folder name as Ferry keeps it: trimmed, "Folder" when empty (as FileZilla's unnamed folders), clipped when too long. */
export function fitFolderName(name: string): { name: string; note?: string } {
  const trimmed = name.trim();
  if (!trimmed) return { name: "Folder", note: "A folder with no name was named “Folder”." };
  if (trimmed.length > maxFolderName)
    return { name: clip(trimmed, maxFolderName), note: `A folder name longer than ${maxFolderName} characters was shortened.` };
  return { name: trimmed };
}

export type FittedSite = { ok: true; settings: SiteSettings; notes: string[] } | { ok: false; name: string; reason: string };

/**
 * Settings checked against SiteSettingsSchema, defaults filled in. A name or notes past their
 * limit are clipped, a missing name becomes the host, an impossible port the usual one, each
 * with a note; anything else out of bounds (a host, a user name or an account too long, which
 * clipping would make wrong) refuses the site.
 */
export function fitSite(input: z.input<typeof SiteSettingsSchema>): FittedSite {
  const notes: string[] = [];
  let name = input.name.trim();
  if (!name) {
    name = input.host.trim() || "Unnamed site";
    notes.push("it had no name: named after its host");
  }
  if (name.length > maxName) {
    name = clip(name, maxName);
    notes.push(`name shortened to ${maxName} characters`);
  }
  const fitted = { ...input, name };
  if (input.notes !== undefined && input.notes.length > maxNotes) {
    fitted.notes = clip(input.notes, maxNotes);
    notes.push(`notes shortened to ${maxNotes} characters`);
  }
  if (!SiteSettingsSchema.shape.port.safeParse(input.port).success) {
    delete fitted.port;
    notes.push(`port ${input.port} left out: the encryption's usual port is used`);
  }
  const parsed = SiteSettingsSchema.safeParse(fitted);
  if (parsed.success) return { ok: true, settings: parsed.data, notes };
  const issue = parsed.error.issues[0];
  return { ok: false, name, reason: issue ? whyRefused(issue, issue.path[0]) : "it is not a site Ferry can keep" };
}

const settingWords = new Map<PropertyKey, string>([
  ["name", "name"],
  ["host", "host name"],
  ["port", "port"],
  ["user", "user name"],
  ["account", "account"],
  ["postLoginCommands", "list of commands after logon"],
  ["initialRemotePath", "remote folder"],
  ["initialLocalPath", "local folder"],
  ["notes", "notes field"],
]);

/** Why a site (or a folder) cannot be kept, from the schema's issue with its `setting`: "its user name is longer than …". */
export function whyRefused(issue: z.core.$ZodIssue, setting: PropertyKey | undefined): string {
  const words = setting === undefined ? undefined : settingWords.get(setting);
  if (!words) return "one of its settings is not one Ferry can keep";
  if (issue.code === "too_big" && issue.origin === "string") return `its ${words} is longer than Ferry's ${issue.maximum} characters`;
  if (issue.code === "too_small" && issue.origin === "string") return `its ${words} is empty`;
  if (setting === "host") return "its host is not a host name or an IP address";
  return `its ${words} is not one Ferry can keep`;
}
