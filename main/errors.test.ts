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
