/**
 * The port through which F4 hands a file to another program: main/ decides what to open and
 * with what; the host (the desktop app's Electron adapter) does the opening. A host without one
 * (the web host) edits in Ferry's editor only.
 */

/** The system's default application for the file's type, or the user's program as its arguments (the file's path already in place). */
export type OpenWith = { kind: "default" } | { kind: "program"; argv: string[] };

export interface Opener {
  /** Opens `path`; rejects when the system has no application for it or the program cannot be started. */
  open(path: string, openWith: OpenWith): Promise<void>;
  /** Shows a folder in the system's file manager. */
  showFolder(path: string): Promise<void>;
}

/**
 * The user's command line as a program and its arguments, `%s` replaced by `path` (added as the
 * last argument when the line has none). Quotes group words ("C:\Program Files\…" or 'my editor')
 * and are taken off; a backslash is an ordinary character, so that Windows paths need no doubling.
 * No shell ever sees the line: nothing in a file name can run as a command. Undefined when the
 * line names no program (empty, or `%s` in the program's place: the file would run as a program).
 */
export function programArguments(commandLine: string, path: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const character of commandLine) {
    if (quote) {
      if (character === quote) quote = undefined;
      else word = (word ?? "") + character;
    } else if (character === '"' || character === "'") {
      quote = character;
      word ??= "";
    } else if (/\s/.test(character)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + character;
  }
  if (word !== undefined) words.push(word);
  if (words[0] === undefined || words[0].includes("%s")) return undefined;
  const hasPlace = words.some((one) => one.includes("%s"));
  // A function, so that "$&" in a path is not read as a replacement pattern.
  const argv = words.map((one) => one.replaceAll("%s", () => path));
  return hasPlace ? argv : [...argv, path];
}
