import { FTPError, type Client } from "basic-ftp";
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import type { FileChecksum } from "../../shared/files";
import { UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";
import { withPatience } from "../sessions/stall-watchdog";

/** A way to ask the server for a file's checksum, and the local hash that must match it. */
export interface ChecksumMethod {
  /** As the user reads it, and as HASH names it: "SHA-256". */
  name: string;
  /** Node's name for the hash. */
  hash: string;
  /** Hex digits of the checksum. */
  digits: number;
  /** HASH (the draft standard; the algorithm chosen with OPTS HASH) or one of the X commands. */
  command: "HASH" | "XSHA512" | "XSHA256" | "XSHA1" | "XMD5";
}

/** Strongest first. */
const hashAlgorithms = [
  { name: "SHA-512", hash: "sha512", digits: 128, x: "XSHA512" },
  { name: "SHA-256", hash: "sha256", digits: 64, x: "XSHA256" },
  { name: "SHA-1", hash: "sha1", digits: 40, x: "XSHA1" },
  { name: "MD5", hash: "md5", digits: 32, x: "XMD5" },
] as const;

/**
 * The strongest checksum the server's FEAT offers: HASH with its best algorithm
 * ("HASH SHA-256*;SHA-1;MD5"), else the strongest X command; undefined when it offers none.
 */
export function checksumMethodOf(features: ReadonlyMap<string, string>): ChecksumMethod | undefined {
  const offered = (features.get("HASH") ?? "").split(";").map((name) => name.replace("*", "").trim().toUpperCase());
  const method = (algorithm: (typeof hashAlgorithms)[number], command: ChecksumMethod["command"]): ChecksumMethod => ({
    name: algorithm.name,
    hash: algorithm.hash,
    digits: algorithm.digits,
    command,
  });
  for (const algorithm of hashAlgorithms) if (offered.includes(algorithm.name)) return method(algorithm, "HASH");
  for (const algorithm of hashAlgorithms) if (features.has(algorithm.x)) return method(algorithm, algorithm.x);
  return undefined;
}

/** The method of each connection, settled once: choosing HASH's algorithm (OPTS HASH) is part of it. */
const methods = new WeakMap<Client, Promise<ChecksumMethod | undefined>>();

/**
 * How this connection verifies transfers, or undefined when its server offers no checksum. HASH's
 * algorithm is chosen before the first transfer, so that a server that hashes what it sends or
 * receives on the fly (proftpd) has it ready; a server that refuses the choice is not asked.
 */
function checksumMethodFor(client: Client): Promise<ChecksumMethod | undefined> {
  let method = methods.get(client);
  if (!method) methods.set(client, (method = chooseMethod(client)));
  return method;
}

async function chooseMethod(client: Client): Promise<ChecksumMethod | undefined> {
  const method = checksumMethodOf(await client.features());
  if (method?.command !== "HASH") return method;
  try {
    await client.send(`OPTS HASH ${method.name}`);
    return method;
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    noteOn(client, "info", `The server would not hash with ${method.name} (${error.code}): transfers on this connection are not verified.`);
    return undefined;
  }
}

/** How long a server may take over a checksum: it reads the whole file before it answers. */
export function checksumPatience(size: number | undefined): number {
  return 30_000 + Math.ceil((size ?? 0) / 10_000_000) * 1000;
}

/**
 * The server's checksum of the whole file, lower-case hex, or why there is none: it will not say,
 * says something that is no checksum, or takes too long. Servers answer over several lines
 * ("213-Computing SHA-512 digest" first): the last one holds it, as "213 SHA-256 0-1023 <hex>
 * <name>" for HASH and "213 <hex>" or "250 <hex>" for the X commands.
 */
async function serverChecksum(
  client: Client,
  method: ChecksumMethod,
  path: string,
  size: number | undefined,
): Promise<{ checksum: string } | { unavailable: string }> {
  const unavailable = (why: string) => ({ unavailable: why });
  let message: string;
  try {
    message = (await withPatience(client, checksumPatience(size), () => client.send(`${method.command} ${path}`))).message;
  } catch (error) {
    if (error instanceof FTPError) return unavailable(`the server did not give its ${method.name} checksum (${error.code})`);
    if (client.closed) return unavailable(`the server took too long over its ${method.name} checksum`);
    throw error;
  }
  const last = message.trim().split("\n").at(-1) ?? "";
  const words = last
    .replace(/^\d{3}[ -]?/, "")
    .trim()
    .split(/\s+/);
  if (method.command === "HASH" && words[0]?.toUpperCase() !== method.name)
    return unavailable(`the server's HASH reply names another algorithm`);
  const hex = (method.command === "HASH" ? words[2] : words[0])?.toLowerCase() ?? "";
  if (hex.length !== method.digits || !/^[0-9a-f]+$/.test(hex))
    return unavailable(`the server's ${method.command} reply holds no ${method.name} checksum`);
  return { checksum: hex };
}

/** What Properties says of a server that offers no checksum Ferry can read. */
export const noChecksumsMessage = "This server cannot compute checksums (its FEAT lists no HASH, XSHA512, XSHA256, XSHA1 or XMD5).";

/**
 * The server's own checksum of a file, with the strongest algorithm it offers (Properties'
 * Checksum); a server that offers none, or will not give one, fails in a sentence saying so.
 */
export async function fileChecksum(client: Client, path: string, size: number | undefined): Promise<FileChecksum> {
  const method = await checksumMethodFor(client);
  if (!method) throw new UserFacingError("server-error", noChecksumsMessage);
  const answer = await serverChecksum(client, method, path, size);
  if ("unavailable" in answer) throw new UserFacingError("server-error", `There is no checksum of ${path}: ${answer.unavailable}.`);
  return { algorithm: method.name, checksum: answer.checksum };
}

/**
 * A local file's checksum by the algorithm a server named ("SHA-256"), lower-case hex, to hold
 * against the server's; `signal` stops the reading (a big file takes a while).
 */
export async function localChecksum(path: string, algorithm: string, signal?: AbortSignal): Promise<string> {
  const known = hashAlgorithms.find((candidate) => candidate.name === algorithm);
  if (!known) throw new UserFacingError("internal", `Ferry cannot compute ${algorithm} checksums.`);
  const hash = createHash(known.hash);
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The checksum of one transfer: how the server is asked, and the hash of the local copy's bytes. */
export interface TransferChecksum {
  method: ChecksumMethod;
  hash: Hash;
}

/**
 * The checksum a transfer keeps when `wanted` and the server offers one: it starts with the
 * first `start` bytes of `localPath` (what a resumed transfer had already), and `hashing` adds
 * what passes.
 */
export async function transferChecksum(
  client: Client,
  wanted: boolean | undefined,
  localPath: string,
  start: number,
): Promise<TransferChecksum | undefined> {
  const method = wanted ? await checksumMethodFor(client) : undefined;
  if (!method) return undefined;
  const hash = createHash(method.hash);
  if (start > 0) for await (const chunk of createReadStream(localPath, { start: 0, end: start - 1 })) hash.update(chunk as Buffer);
  return { method, hash };
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

/** The copies differ: worth one more try from the start, then a failure in these words. */
export class ChecksumMismatch extends UserFacingError {
  constructor(path: string, method: ChecksumMethod, server: string, local: string) {
    super(
      "checksum-mismatch",
      `The server's copy of ${path} differs from yours (${method.name} ${server.slice(0, 16)}… on the server, ${local.slice(0, 16)}… here).`,
    );
  }
}

/**
 * Compares the local hash with the server's: the algorithm's name when they match, undefined when
 * the server would not say; a mismatch throws (after `discard` drops the local copy, if it is one).
 */
export async function verifyAgainstServer(
  client: Client,
  { method, hash }: TransferChecksum,
  path: string,
  size: number | undefined,
  discard?: () => Promise<void>,
): Promise<string | undefined> {
  const local = hash.digest("hex");
  const answer = await serverChecksum(client, method, path, size);
  if ("unavailable" in answer) {
    noteOn(client, "info", `${path} is not verified: ${answer.unavailable}.`);
    return undefined;
  }
  const server = answer.checksum;
  if (server !== local) {
    await discard?.();
    throw new ChecksumMismatch(path, method, server, local);
  }
  return method.name;
}
