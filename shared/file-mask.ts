/**
 * File masks in WinSCP's language, for selecting by mask and for what a transfer takes:
 * `*.txt; *.md | *.bak; .git/; *>1M; *<2026-01-01`. Masks are separated by `;` or `,`; a `|`
 * separates the masks to include from those to exclude (an empty include part takes everything);
 * `*`, `?` and `[a-z]` as in a shell, case-insensitive; a trailing `/` names folders only; a `/`
 * inside a mask matches the path from the folder the operation starts in; `>` `<` `>=` `<=` add
 * size and time conditions. Pure, so that the renderer checks a mask as it is typed and main
 * applies the very same rules.
 */
import { z } from "zod";

const comparisons = [">=", "<=", ">", "<"] as const;
type Comparison = (typeof comparisons)[number];

/** When a time condition's moment is: a date, or an age counted back from now (`7D`, `today`). */
type Moment = { kind: "date"; ms: number } | { kind: "age"; amount: number; unit: AgeUnit; fromStartOfUnit: boolean };

const ageUnits = ["Y", "D", "H", "N", "S"] as const;
type AgeUnit = (typeof ageUnits)[number];

type Condition = { on: "size"; compare: Comparison; bytes: number } | { on: "modified"; compare: Comparison; moment: Moment };

interface Rule {
  /** A trailing slash: the rule is about folders only; otherwise about files only. */
  folders: boolean;
  name: Glob;
  /** The folder part of a path mask, matched against "/a/b" (the item's folder from the root, "" at the root). */
  folder?: Glob;
  conditions: Condition[];
}

/** A parsed mask: make one with `parseFileMask`. */
export interface FileMask {
  readonly include: readonly Rule[];
  readonly exclude: readonly Rule[];
}

/** What a mask is matched against. `path` is relative to the operation's root, "/"-separated, ending in the name; it defaults to the name. */
export interface MaskItem {
  name: string;
  kind: "file" | "folder";
  size?: number | undefined;
  /** Milliseconds since the epoch. */
  modified?: number | undefined;
  path?: string | undefined;
}

export type ParsedFileMask = { ok: true; mask: FileMask } | { ok: false; error: string };

/** Longest mask a request may carry: a field's maxLength. */
export const maxFileMaskLength = 4000;

class MaskError extends Error {}

const sizeHelp = "a size is a number with K, M or G (such as *>1M)";
const timeHelp =
  "a time is a date (such as *<2026-01-01 or *>2026-01-01 12:00) or an age with Y, D, H, N or S (such as *>7D), or today or yesterday";

export function parseFileMask(text: string): ParsedFileMask {
  try {
    const [include, exclude] = splitParts(text);
    return { ok: true, mask: { include: include.map(parseRule), exclude: exclude.map(parseRule) } };
  } catch (error) {
    if (error instanceof MaskError) return { ok: false, error: error.message };
    throw error;
  }
}

/**
 * Splits the text into its include and exclude masks. Double quotes keep `;`, `,` and `|` inside
 * a mask; `||` is a literal pipe, as in WinSCP.
 */
function splitParts(text: string): [string[], string[]] {
  const parts: string[][] = [[]];
  let current = "";
  let quoted = false;
  const end = () => {
    const mask = current.trim();
    if (mask !== "") parts[parts.length - 1]?.push(mask);
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '"') quoted = !quoted;
    else if (quoted) current += char;
    else if (char === "|" && text.charAt(i + 1) === "|") {
      current += "|";
      i++;
    } else if (char === "|") {
      end();
      if (parts.length === 2)
        throw new MaskError(
          "A mask has one “|”, between the masks to include and the masks to exclude: this one has more. Write a literal | as ||.",
        );
      parts.push([]);
    } else if (char === ";" || char === ",") end();
    else current += char;
  }
  if (quoted) throw new MaskError('A double quote (") in the mask is never closed.');
  end();
  return [parts[0] ?? [], parts[1] ?? []];
}

function parseRule(mask: string): Rule {
  const at = mask.search(/[<>]/);
  const pattern = (at < 0 ? mask : mask.slice(0, at)).trim().replaceAll("\\", "/");
  const conditions = at < 0 ? [] : parseConditions(mask, mask.slice(at));
  const folders = pattern.endsWith("/");
  if (folders && conditions.length > 0)
    throw new MaskError(`“${mask}”: size and time conditions apply to files only, not to folders (masks ending in /).`);
  const path = folders ? pattern.slice(0, -1) : pattern;
  if (folders && (path === "" || path.endsWith("/")))
    throw new MaskError(`“${mask}” names no folder: a folder mask is a name with a slash after it, such as .git/ or */cache/.`);
  const slash = path.lastIndexOf("/");
  // `<1G` alone is about every file, as in WinSCP.
  const name = compileName(slash < 0 ? path || "*" : path.slice(slash + 1), mask);
  if (slash < 0) return { folders, name, conditions };
  const folderPart = path.slice(0, slash);
  // "/*.txt" is about the top folder, whose place is "".
  const anchored = folderPart === "" || folderPart.startsWith("/") || folderPart.startsWith("*") ? folderPart : `/${folderPart}`;
  return { folders, name, folder: compileGlob(anchored, mask), conditions };
}

/** `*.*` is every name and `*.` every name without a dot, as in WinSCP (and DOS before it). */
function compileName(pattern: string, mask: string): Glob {
  if (pattern === "*.*") return { test: () => true };
  if (pattern === "*.") return { test: (name) => !name.includes(".") };
  return compileGlob(pattern, mask);
}

/** A compiled glob: whether a whole name (or folder path) matches it, ignoring case. */
export interface Glob {
  test(text: string): boolean;
}

/** One step of a glob: any run of characters, any one character, one of a set, or a character itself (lower case). */
type GlobToken = { kind: "any" } | { kind: "one" } | { kind: "set"; has(char: string): boolean } | { kind: "char"; char: string };

/**
 * `*` any run of characters, `?` one, `[a-z]` a set; the rest literal, case ignored. Matched by
 * walking the text once per star at most (the classic wildcard match), never by a regular
 * expression: `*******b` against a long name would otherwise backtrack for minutes.
 */
function compileGlob(glob: string, mask: string): Glob {
  const tokens: GlobToken[] = [];
  const chars = [...glob];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? "";
    if (char === "*") {
      if (tokens.at(-1)?.kind !== "any") tokens.push({ kind: "any" });
    } else if (char === "?") tokens.push({ kind: "one" });
    else if (char === "[") {
      const close = chars.indexOf("]", i + 2);
      if (close < 0) throw new MaskError(`“${mask}” has a “[” that is never closed with “]”. To match a [ itself, write [[].`);
      tokens.push({ kind: "set", has: compileSet(chars.slice(i + 1, close), mask) });
      i = close;
    } else tokens.push({ kind: "char", char: char.toLowerCase() });
  }
  return { test: (text) => globMatches(tokens, [...text.toLowerCase()]) };
}

function globMatches(tokens: readonly GlobToken[], text: readonly string[]): boolean {
  let t = 0;
  let c = 0;
  // Where the last star was, and where in the text it was last tried to end.
  let star = -1;
  let starEnd = 0;
  while (c < text.length) {
    const token = tokens[t];
    const char = text[c] ?? "";
    if (token && token.kind !== "any" && (token.kind === "one" || (token.kind === "char" ? token.char === char : token.has(char)))) {
      t++;
      c++;
    } else if (token?.kind === "any") {
      star = t++;
      starEnd = c;
    } else if (star >= 0) {
      t = star + 1;
      c = ++starEnd;
    } else return false;
  }
  while (tokens[t]?.kind === "any") t++;
  return t === tokens.length;
}

/** The characters between `[` and `]`: single characters and ranges such as a-z, case ignored. */
function compileSet(chars: string[], mask: string): (char: string) => boolean {
  const singles = new Set<string>();
  const ranges: [number, number][] = [];
  for (let i = 0; i < chars.length; i++) {
    const from = chars[i] ?? "";
    const to = chars[i + 2];
    if (chars[i + 1] === "-" && to !== undefined) {
      const [low, high] = [from.codePointAt(0) ?? 0, to.codePointAt(0) ?? 0];
      if (low > high) throw new MaskError(`“${mask}” has the range “${from}-${to}”, which runs backwards: write it as ${to}-${from}.`);
      ranges.push([low, high]);
      i += 2;
    } else singles.add(from.toLowerCase());
  }
  const inRange = (char: string) => ranges.some(([low, high]) => (char.codePointAt(0) ?? -1) >= low && (char.codePointAt(0) ?? -1) <= high);
  // The text is lower case: a set's upper-case range ([A-Z]) matches through the upper-case form.
  return (char) => singles.has(char) || inRange(char) || inRange(char.toUpperCase());
}

/** `>1M<10M`: one or more conditions, each an operator and a size or a time. */
function parseConditions(mask: string, text: string): Condition[] {
  const conditions: Condition[] = [];
  for (const [, operator, value = ""] of text.matchAll(/([<>]=?)([^<>]*)/g)) {
    const compare = comparisons.find((known) => known === operator);
    if (compare) conditions.push(parseCondition(mask, compare, value.trim()));
  }
  return conditions;
}

const sizeUnits: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

function parseCondition(mask: string, compare: Comparison, value: string): Condition {
  if (value === "") throw new MaskError(`“${mask}” has “${compare}” with nothing after it: ${sizeHelp}; ${timeHelp}.`);
  const size = /^(\d+)\s*([KMG]?)$/i.exec(value);
  if (size) return { on: "size", compare, bytes: Number(size[1]) * (sizeUnits[(size[2] ?? "").toUpperCase()] ?? 1) };
  const age = /^(\d+)\s*([YDHNS])(S?)$/i.exec(value);
  const unit = ageUnits.find((known) => known === age?.[2]?.toUpperCase());
  if (age && unit) {
    return { on: "modified", compare, moment: { kind: "age", amount: Number(age[1]), unit, fromStartOfUnit: age[3] !== "" } };
  }
  const keyword = value.toLowerCase();
  if (keyword === "today" || keyword === "yesterday")
    return { on: "modified", compare, moment: { kind: "age", amount: keyword === "today" ? 0 : 1, unit: "D", fromStartOfUnit: true } };
  if (/^\d{4}-/.test(value)) return { on: "modified", compare, moment: { kind: "date", ms: parseDate(mask, value) } };
  if (/^\d/.test(value))
    throw new MaskError(
      `“${value}” in “${mask}” is not a size or an age: ${sizeHelp}; an age is a number with Y, D, H, N or S (such as *>7D).`,
    );
  throw new MaskError(`“${value}” in “${mask}” is not a size or a time: ${sizeHelp}; ${timeHelp}.`);
}

/** `2026-01-31`, `2026-01-31 12:00` or `2026-01-31 12:00:30`, in local time as WinSCP reads them. */
function parseDate(mask: string, value: string): number {
  const parts = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  const [year, month, day, hours, minutes, seconds] = (parts?.slice(1) ?? []).map((part) => Number(part ?? 0));
  const date = new Date(year ?? NaN, (month ?? NaN) - 1, day, hours, minutes, seconds);
  const real =
    parts !== null &&
    date.getFullYear() === year &&
    date.getMonth() === (month ?? 0) - 1 &&
    date.getDate() === day &&
    (hours ?? 0) < 24 &&
    (minutes ?? 0) < 60 &&
    (seconds ?? 0) < 60;
  if (!real)
    throw new MaskError(
      `“${value}” in “${mask}” is not a date: write it as year-month-day, with a time if you like, such as 2026-01-31 or 2026-01-31 14:30.`,
    );
  return date.getTime();
}

/** The moment an age stands for, counted back from now in local time. */
function momentOf(moment: Moment, now: number): number {
  if (moment.kind === "date") return moment.ms;
  const date = new Date(now);
  const { amount, unit } = moment;
  if (unit === "Y") date.setFullYear(date.getFullYear() - amount);
  else if (unit === "D") date.setDate(date.getDate() - amount);
  else date.setTime(now - amount * { H: 3_600_000, N: 60_000, S: 1000 }[unit]);
  if (moment.fromStartOfUnit) {
    if (unit === "Y") date.setMonth(0, 1);
    if (unit === "Y" || unit === "D") date.setHours(0, 0, 0, 0);
    else if (unit === "H") date.setMinutes(0, 0, 0);
    else if (unit === "N") date.setSeconds(0, 0);
    else date.setMilliseconds(0);
  }
  return date.getTime();
}

function compares(compare: Comparison, value: number, limit: number): boolean {
  if (compare === ">") return value > limit;
  if (compare === "<") return value < limit;
  if (compare === ">=") return value >= limit;
  return value <= limit;
}

/** A condition about what the item does not tell (a listing without sizes) does not hold. */
function holds(condition: Condition, item: MaskItem, now: number): boolean {
  if (condition.on === "size") return item.size !== undefined && compares(condition.compare, item.size, condition.bytes);
  return item.modified !== undefined && compares(condition.compare, item.modified, momentOf(condition.moment, now));
}

/** The item's folder from the root ("/a/b", or "" at the root) and its name. */
function placeOf(item: MaskItem): { folder: string; name: string } {
  const segments = (item.path ?? item.name).split("/").filter(Boolean);
  return {
    folder: segments
      .slice(0, -1)
      .map((segment) => `/${segment}`)
      .join(""),
    name: item.name,
  };
}

function ruleMatches(rule: Rule, item: MaskItem, now: number): boolean {
  if (rule.folders !== (item.kind === "folder")) return false;
  const { folder, name } = placeOf(item);
  return rule.name.test(name) && (rule.folder?.test(folder) ?? true) && rule.conditions.every((c) => holds(c, item, now));
}

/** The folders above the item, outermost first, as items of their own. */
function foldersAbove(item: MaskItem): MaskItem[] {
  const segments = (item.path ?? item.name).split("/").filter(Boolean);
  return segments.slice(0, -1).map((name, i) => ({ name, kind: "folder", path: segments.slice(0, i + 1).join("/") }));
}

function anyMatches(rules: readonly Rule[], items: MaskItem[], now: number): boolean {
  return rules.some((rule) => items.some((item) => ruleMatches(rule, item, now)));
}

/**
 * Whether a walk goes into a folder. Folder masks are recursive, as WinSCP's: `images/` takes
 * the folders below one named images too, and `.git/` in the exclude part shuts out everything
 * below it. Without any folder mask to include, every folder not excluded is entered.
 */
export function entersFolder(mask: FileMask, folder: MaskItem): boolean {
  const withAbove = [...foldersAbove(folder), { ...folder, kind: "folder" as const }];
  if (anyMatches(mask.exclude, withAbove, 0)) return false;
  const includesFolders = mask.include.filter((rule) => rule.folders);
  return includesFolders.length === 0 || anyMatches(includesFolders, withAbove, 0);
}

function inEnteredFolder(mask: FileMask, item: MaskItem): boolean {
  const above = foldersAbove(item);
  const parent = above[above.length - 1];
  return parent === undefined || entersFolder(mask, parent);
}

/** A file the include part takes (`noFileMaskTakesAll`: also when it has only folder masks), not excluded, in a folder the walk enters. */
function filePasses(mask: FileMask, file: MaskItem, now: number, noFileMaskTakesAll: boolean): boolean {
  const includesFiles = mask.include.filter((rule) => !rule.folders);
  const included = includesFiles.length === 0 ? noFileMaskTakesAll || mask.include.length === 0 : anyMatches(includesFiles, [file], now);
  return included && !anyMatches(mask.exclude, [file], now) && inEnteredFolder(mask, file);
}

/**
 * Whether a transfer takes a file it found: as in WinSCP, a mask with no file mask to include
 * (`images/`, `|*.bak`) takes every file in the folders the walk enters.
 */
export function transfersFile(mask: FileMask, file: MaskItem, now = Date.now()): boolean {
  return filePasses(mask, { ...file, kind: "file" }, now, true);
}

/**
 * Whether the mask names the item: what Select by mask marks. A mask about files (`*.txt`)
 * names no folder and one about folders (`src/`) no file; an empty include part names everything.
 */
export function matchesFileMask(mask: FileMask, item: MaskItem, now = Date.now()): boolean {
  if (item.kind === "file") return filePasses(mask, item, now, false);
  return (mask.include.length === 0 || mask.include.some((rule) => rule.folders)) && entersFolder(mask, item);
}

/** A mask field of a request: the parser's sentence when the text is not a mask. */
export const FileMaskSchema = z
  .string()
  .max(maxFileMaskLength)
  .superRefine((text, context) => {
    const parsed = parseFileMask(text);
    if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.error });
  });
