import { FTPError } from "basic-ftp";
import { describe, expect, it } from "vitest";
import { toUserError, UserFacingError } from "./errors";

/** Errors shaped as Node raises them; the ones that a loopback-only test cannot provoke. */
function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("toUserError", () => {
  it("names an unknown host without a stack trace", () => {
    const error = toUserError(nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND ftp.nowhere.invalid"), { host: "ftp.nowhere.invalid" });
    expect(error).toEqual({ code: "host-not-found", message: 'Cannot find the host "ftp.nowhere.invalid". Check its spelling.' });
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
      expect(toUserError(new FTPError({ code, message: `${code} Connection closed; transfer aborted.` }), { host: "ftp.example" })).toEqual({
        code: "connection-lost",
        message: `The connection to ftp.example broke off (${code} Connection closed; transfer aborted.).`,
      });
    }
  });
  it("points a data connection to another host at the site's passive mode, not at library options", () => {
    const error = new Error('PASV returned another host (10.0.0.5) for data transfer that you have connected to (1.2.3.4). … "allowSeparateTransferHost: true"');
    const message = toUserError(error).message;
    expect(message).toMatch(/passive mode/);
    expect(message).not.toMatch(/allowSeparateTransferHost/);
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
});
