import { createReadStream } from "node:fs";
import { copyFile } from "node:fs/promises";
import { moveAside, whyUnreadable, type JsonFileRead } from "./json-file";

/** A line longer than this is not one Ferry wrote: it is counted as damaged and skipped, not held in memory whole. */
const longestLine = 1024 * 1024;
const newline = 0x0a;

/** How one line of a JSON Lines file reads: a header the file starts with, an item, or neither (a damaged line). */
export type LineRead<T> = { kind: "header" } | { kind: "item"; item: T } | { kind: "damaged" };

/** What a JSON Lines file held: the items that read, and how many lines did not (with a copy of the file as it was, when it could be made). */
export interface JsonLines<T> {
  items: T[];
  damaged: number;
  backup?: string;
}

function lineOf<T>(text: string, first: boolean, readLine: (json: unknown, first: boolean) => LineRead<T>): LineRead<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "damaged" };
  }
  const line = readLine(json, first);
  return line.kind === "header" && !first ? { kind: "damaged" } : line;
}

/**
 * Reads a JSON Lines file (one JSON value a line) a chunk at a time, so that its size is not
 * bounded by the longest string there can be, and the event loop gets turns while it reads. Each
 * line is parsed and given to `readLine` (told whether it is the first, which may be a header); a line that is not JSON, or that `readLine` calls
 * damaged, is counted and skipped, and the rest is read; the file as it was is then copied aside,
 * as the next save replaces it. Never throws: a file that cannot be read is moved aside as
 * `readJsonFile` does, and so is one that held only damaged lines.
 */
export async function readJsonLines<T>(
  path: string,
  readLine: (json: unknown, first: boolean) => LineRead<T>,
): Promise<JsonFileRead<JsonLines<T>>> {
  const read: JsonLines<T> = { items: [], damaged: 0 };
  let header = false;
  let first = true;
  const take = (text: string) => {
    if (text.trim() === "") return;
    const line = lineOf(text, first, readLine);
    first = false;
    if (line.kind === "item") read.items.push(line.item);
    else if (line.kind === "header") header = true;
    else read.damaged++;
  };
  try {
    let rest: Buffer | undefined;
    /** The line under way is too long: everything up to its end is skipped. */
    let skipping = false;
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
        if (skipping) skipping = false;
        else if (rest) take(Buffer.concat([rest, chunk.subarray(start, end)]).toString("utf8"));
        else take(chunk.toString("utf8", start, end));
        rest = undefined;
        start = end + 1;
      }
      if (skipping || start === chunk.length) continue;
      const tail = chunk.subarray(start);
      const held = (rest?.length ?? 0) + tail.length;
      if (held > longestLine) {
        read.damaged++;
        skipping = true;
        rest = undefined;
      } else rest = rest ? Buffer.concat([rest, tail]) : Buffer.from(tail);
    }
    if (rest) take(rest.toString("utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { state: "missing" };
    return moveAside(path, whyUnreadable(code));
  }
  if (read.damaged === 0) return { state: "ok", value: read };
  if (read.items.length === 0) return moveAside(path, header ? "none of its lines could be read" : "it is not valid JSON");
  const backup = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const copied = await copyFile(path, backup).then(
    () => true,
    () => false,
  );
  return { state: "ok", value: copied ? { ...read, backup } : read };
}
