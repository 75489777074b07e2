import { describe, expect, it } from "vitest";
import { AccountSchema, PostLoginCommandsSchema } from "./login-commands";

const problem = (commands: string[]) => {
  const read = PostLoginCommandsSchema.safeParse(commands);
  return read.success ? undefined : read.error.issues[0]?.message;
};

describe("commands after login", () => {
  it("take any one-line command of the server's own, trimmed", () => {
    expect(PostLoginCommandsSchema.parse(["  SITE UMASK 002 ", "NOOP", "SITE CHMOD 644 a.txt", "OPTS UTF8 ON"])).toEqual([
      "SITE UMASK 002",
      "NOOP",
      "SITE CHMOD 644 a.txt",
      "OPTS UTF8 ON",
    ]);
  });

  it("refuse, in a sentence, what Ferry sends itself, more than one line, and too many", () => {
    for (const command of ["TYPE A", "quit", "PASV", "LIST -la", "AUTH TLS", "CCC", "USER other"])
      expect(problem([command]), command).toMatch(/^Ferry sends the login, TLS, transfer type and data connection commands itself/);
    expect(problem(["SITE UMASK 002\r\nDELE x"])).toBe("A command after login is one line.");
    expect(problem(["   "])).toBe("A command after login is not empty.");
    expect(problem(Array.from({ length: 21 }, () => "NOOP"))).toBe("At most 20 commands after login.");
  });

  it("and an account has no line breaks either", () => {
    expect(AccountSchema.safeParse("DEPT42\r\nDELE x").success).toBe(false);
    expect(AccountSchema.parse("DEPT42")).toBe("DEPT42");
  });
});
