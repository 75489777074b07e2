import { FTPError, type Client } from "basic-ftp";
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";

/** A way to ask the server for a file's checksum, and the local hash that must match it. */
export interface ChecksumMethod {
  /** As the user reads it: "SHA-256". */
  name: string;
  /** Node's name for the hash. */
  hash: string;
  /** HASH (the draft standard; the algorithm chosen with OPTS HASH) or one of the X commands. */
  command: "HASH" | "XSHA512" | "XSHA256" | "XSHA1" | "XMD5";
}

/** Strongest first. */
const hashAlgorithms = [
  { name: "SHA-512", hash: "sha512", x: "XSHA512" },
  { name: "SHA-256", hash: "sha256", x: "XSHA256" },
  { name: "SHA-1", hash: "sha1", x: "XSHA1" },
  { name: "MD5", hash: "md5", x: "XMD5" },
] as const;

/**
 * The strongest checksum the server's FEAT offers: HASH with its best algorithm
 * ("HASH SHA-256*;SHA-1;MD5"), else the strongest X command; undefined when it offers none.
 */
export function checksumMethodOf(features: ReadonlyMap<string, string>): ChecksumMethod | undefined {
  const offered = (features.get("HASH") ?? "").split(";").map((name) => name.replace("*", "").trim().toUpperCase());
  for (const algorithm of hashAlgorithms) if (offered.includes(algorithm.name)) return { ...algorithm, command: "HASH" };
  for (const algorithm of hashAlgorithms) if (features.has(algorithm.x)) return { ...algorithm, command: algorithm.x };
  return undefined;
}

/** Connections on which OPTS HASH chose an algorithm already. */
const chosen = new WeakMap<Client, string>();

/** The server's checksum of the whole file, lower-case hex; undefined (with a log line) when it will not say. */
export async function serverChecksum(client: Client, method: ChecksumMethod, path: string): Promise<string | undefined> {
  try {
    if (method.command === "HASH" && chosen.get(client) !== method.name) {
      await client.send(`OPTS HASH ${method.name}`);
      chosen.set(client, method.name);
    }
    const reply = await client.send(`${method.command} ${path}`);
    // HASH: "213 SHA-256 0-1023 <hex> <name>"; the X commands: "213 <hex>".
    const words = reply.message
      .replace(/^213[ -]/, "")
      .trim()
      .split(/\s+/);
    const hex = (method.command === "HASH" ? words[2] : words[0])?.toLowerCase();
    if (hex && /^[0-9a-f]+$/.test(hex)) return hex;
    noteOn(client, "info", `The server's ${method.command} reply for ${path} holds no checksum: the file is not verified.`);
    return undefined;
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    noteOn(client, "info", `The server did not give the ${method.name} checksum of ${path} (${error.code}): the file is not verified.`);
    return undefined;
  }
}

/** Hashes what passes, after the first `start` bytes of `localPath` (what a resumed transfer had already). */
export async function checksumFrom(method: ChecksumMethod, localPath: string, start: number): Promise<Hash> {
  const hash = createHash(method.hash);
  if (start > 0) for await (const chunk of createReadStream(localPath, { start: 0, end: start - 1 })) hash.update(chunk as Buffer);
  return hash;
}

/** The copies differ: worth one more try from the start, then a failure in these words. */
export class ChecksumMismatch extends UserFacingError {
  constructor(path: string, method: ChecksumMethod, server: string, local: string) {
    super(
      "checksum-mismatch",
      `The server's copy of ${path} differs from yours (${method.name} ${server.slice(0, 16)}… on the server, ${local.slice(0, 16)}… here).`,
    );
  }
}

/** A stream stage that hashes what passes through it. */
export function hashing(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}
