import { FTPError } from "basic-ftp";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer as createTlsServer, type ConnectionOptions } from "node:tls";
import { deflateSync, inflate } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createTestCertificates } from "../test-support/test-certificates";
import { IncompleteTransfer } from "./transfers/file-transfer";
import { notOnServer, toUserError, UserFacingError } from "./errors";

/** Errors shaped as Node raises them; the ones that a loopback-only test cannot provoke. */
function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("toUserError", () => {
  it("names an unknown host without a stack trace", () => {
    const error = toUserError(nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND ftp.nowhere.invalid"), { host: "ftp.nowhere.invalid" });
    expect(error).toEqual({ code: "host-not-found", message: 'Cannot find the host "ftp.nowhere.invalid". Check its spelling.' });
  });
  it("says what went wrong with compressed data (MODE Z) in words, a garbled stream pointing at the site's setting", async () => {
    // Real zlib errors: garbage where a compressed stream should be.
    const garbled = await new Promise<unknown>((resolve) => inflate(Buffer.from("not compressed at all"), resolve));
    expect(toUserError(garbled, { host: "127.0.0.1" })).toEqual({
      code: "server-error",
      message: 'The compressed data from 127.0.0.1 could not be read (MODE Z). Turn off "Compress transfers" for this site.',
    });
    const cut = await new Promise<unknown>((resolve) => inflate(deflateSync("a".repeat(1000)).subarray(0, 5), resolve));
    expect(toUserError(cut)).toMatchObject({ code: "connection-lost" });
  });
  it("explains server replies with their code", () => {
    expect(toUserError(new FTPError({ code: 530, message: "530 Login incorrect." }))).toEqual({
      code: "auth-failed",
      message: "The server rejected the user name or password (530 Login incorrect.).",
    });
    expect(toUserError(new FTPError({ code: 550, message: "550 No such file" })).code).toBe("not-found");
  });
  it("treats 421, 425 and 426 as a dropped connection, worth another try", () => {
    for (const code of [421, 425, 426]) {
      expect(toUserError(new FTPError({ code, message: `${code} Connection closed; transfer aborted.` }), { host: "ftp.example" })).toEqual(
        {
          code: "connection-lost",
          message: `The connection to ftp.example broke off (${code} Connection closed; transfer aborted.).`,
        },
      );
    }
  });
  it("points a data connection to another host at the site's passive mode, not at library options", () => {
    const error = new Error(
      'PASV returned another host (10.0.0.5) for data transfer that you have connected to (1.2.3.4). … "allowSeparateTransferHost: true"',
    );
    const message = toUserError(error).message;
    expect(message).toMatch(/passive mode/);
    expect(message).not.toMatch(/allowSeparateTransferHost/);
  });
  it("says a reply without end was cut off, in words, not in the library's", () => {
    const { code, message } = toUserError(new Error("FTP control response exceeded maximum allowed size"), {
      host: "ftp.example.com",
      port: 21,
    });
    expect(code).toBe("server-error");
    expect(message).toMatch(/sent a reply far longer than any FTP reply, so Ferry closed the connection\.$/);
    expect(message).not.toMatch(/control response|maximum allowed/);
  });

  it("keeps messages written for users as they are", () => {
    expect(toUserError(new UserFacingError("cancelled", "Stopped."))).toEqual({ code: "cancelled", message: "Stopped." });
  });
  it("folds a multi-line message into one bounded line and never leaks a stack", () => {
    const error = new Error(`first line\n${"x".repeat(500)}`);
    const message = toUserError(error).message;
    expect(message).not.toContain("\n");
    expect(message.length).toBeLessThanOrEqual(301);
    expect(message).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });
  it("has a sentence for things that are not errors at all", () => {
    expect(toUserError("a string")).toEqual({ code: "internal", message: "Something went wrong inside Ferry." });
  });
  it("says what a local disk refused in words, never with errno codes", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-errors-"));
    const long = join(folder, "n".repeat(300));
    const failure = async (work: Promise<unknown>) =>
      toUserError(
        await work.then(
          () => undefined,
          (error: unknown) => error,
        ),
      ).message;
    try {
      expect(await failure(writeFile(long, "x"))).toBe(`The name is too long for this disk: Ferry could not use ${long}.`);
      expect(await failure(readFile(folder))).toBe("A folder stands where Ferry expected a file.");
      expect(await failure(rm(folder))).toBe(`${folder} is a folder, where Ferry expected a file.`);
    } finally {
      await rm(folder, { recursive: true });
    }
    const denied = Object.assign(nodeError("EACCES", "EACCES: permission denied, mkdir '/srv/x'"), { syscall: "mkdir", path: "/srv/x" });
    expect(toUserError(denied)).toEqual({
      code: "permission-denied",
      message: "Permission denied: Ferry may not create the folder /srv/x.",
    });
    const full = Object.assign(nodeError("ENOSPC", "ENOSPC: no space left on device, write"), { syscall: "write" });
    expect(toUserError(full)).toEqual({
      code: "disk-full",
      message: "The disk is full: Ferry could not write the file. Free some space, then retry.",
    });
  });
  it("has words for every other refusal of the disk, and no code or library text", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-errors-loop-"));
    try {
      // A link to itself: the system gives up with ELOOP.
      await symlink(join(folder, "loop"), join(folder, "loop"));
      const loop = await readFile(join(folder, "loop")).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(toUserError(loop).message).toMatch(/^.*loop is a link that leads round in a circle: Ferry could not .+\.$/);
    } finally {
      await rm(folder, { recursive: true });
    }
    const strange = Object.assign(nodeError("EXDEV", "EXDEV: cross-device link not permitted, rename '/a' -> '/b'"), {
      syscall: "rename",
      path: "/a",
    });
    const message = toUserError(strange).message;
    expect(message).toMatch(/^The system refused: Ferry could not .+/);
    expect(message).not.toMatch(/EXDEV|cross-device/);
    expect(toUserError(new Error("Client is closed because Server sent FIN packet unexpectedly, closing socket.")).message).toBe(
      "The connection to the server was lost.",
    );
  });

  it("tells a transfer that brought too much from one that stopped short", () => {
    expect(toUserError(new IncompleteTransfer("The upload of /a", 1000, 102400)).message).toBe(
      "The upload of /a came to 102400 bytes, more than the 1000 expected.",
    );
    expect(toUserError(new IncompleteTransfer("The upload of /a", 1000, 400)).message).toBe(
      "The upload of /a stopped after 400 of 1000 bytes.",
    );
  });
  it("does not call a file whose name is not valid UTF-8 gone from the server", () => {
    expect(notOnServer("/docs/caf\uFFFD.txt").message).toMatch(/not valid UTF-8 text/);
    expect(notOnServer("/docs/cafe.txt").message).toBe("/docs/cafe.txt is no longer on the server.");
  });
});

/** The error Node's TLS client really raises against a server, reduced to what toUserError sees. */
function tlsClientError(server: Server, options: ConnectionOptions = {}): Promise<Error> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...options });
    socket.once("error", (error) => {
      socket.destroy();
      resolve(error);
    });
  });
}

function listening<T extends Server>(server: T): Promise<T> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("a secure connection that cannot be set up", () => {
  const openSslWords = /SSL routines|ERR_|error:0|\.c:\d|ssl3_|tls_/;

  it("tells a user who chose implicit FTPS against a plain FTP greeting to try explicit FTPS", async () => {
    const plain = await listening(createServer((socket) => socket.end("220 Welcome to a plain FTP server\r\n")));
    try {
      const error = toUserError(await tlsClientError(plain), { host: "127.0.0.1", port: 21 });
      expect(error.code).toBe("tls-failed");
      expect(error.message).toMatch(/did not answer in TLS.*explicit FTP over TLS usually uses port 21, implicit FTPS port 990/);
      expect(error.message).not.toMatch(openSslWords);
    } finally {
      plain.close();
    }
  });

  it("says when server and Ferry share no TLS version, and where the setting is", async () => {
    const { server: certificate } = await createTestCertificates();
    const old = await listening(createTlsServer({ key: certificate.keyPem, cert: certificate.certPem, maxVersion: "TLSv1.2" }));
    try {
      const error = toUserError(await tlsClientError(old, { minVersion: "TLSv1.3" }), { host: "127.0.0.1", port: 990 });
      expect(error.code).toBe("tls-failed");
      expect(error.message).toMatch(/no TLS version in common\. If the site's TLS options ask for TLS 1\.3, choose 1\.2/);
      expect(error.message).not.toMatch(openSslWords);
    } finally {
      old.close();
    }
  });

  it("says a server that refuses the handshake (TLS 1.2 without the client certificate it wants) may need one", async () => {
    const { server: certificate, ca } = await createTestCertificates();
    const mutual = await listening(
      createTlsServer({
        key: certificate.keyPem,
        cert: certificate.certPem,
        ca: ca.certPem,
        maxVersion: "TLSv1.2",
        requestCert: true,
        rejectUnauthorized: true,
      }),
    );
    try {
      const error = toUserError(await tlsClientError(mutual));
      expect(error.code).toBe("tls-failed");
      expect(error.message).toMatch(
        /^The server refused the secure connection\. It may require a client certificate \(choose one in the TLS options\)/,
      );
      expect(error.message).not.toMatch(openSslWords);
    } finally {
      mutual.close();
    }
  });

  it("never passes OpenSSL's own text on, whatever the failure", () => {
    const unknown = Object.assign(new Error("error:0A000126:SSL routines::unexpected eof while reading"), {
      code: "ERR_SSL_UNEXPECTED_EOF_WHILE_READING",
    });
    const error = toUserError(unknown, { host: "127.0.0.1" });
    expect(error).toEqual({
      code: "tls-failed",
      message: "The secure connection to 127.0.0.1 could not be set up.",
    });
  });
});
