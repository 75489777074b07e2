import { describe, expect, it } from "vitest";
import type { SessionInfo } from "../../shared/domain";
import { fieldsOf, useQuickConnect } from "./quick-connect-store";

const session = (fields: Partial<SessionInfo>): SessionInfo => ({
  id: "s1",
  host: "ftp.example.org",
  port: 21,
  user: "ann",
  encryption: "explicit-required",
  security: { encrypted: false },
  startPath: "/",
  ...fields,
});

describe("quick connect's fields", () => {
  it("show a tab's server, leaving its mode's default port empty as the user would", () => {
    expect(fieldsOf(session({}))).toEqual({ host: "ftp.example.org", port: "", user: "ann", encryption: "explicit-required" });
    expect(fieldsOf(session({ port: 990, encryption: "implicit" })).port).toBe("");
    expect(fieldsOf(session({ port: 2121, encryption: "plain" }))).toMatchObject({ port: "2121", encryption: "plain" });
  });

  it("remember that the user typed since they last showed a tab, until they are sent or shown again", () => {
    const store = useQuickConnect.getState();
    store.follow(session({}));
    expect(useQuickConnect.getState().edited).toBe(false);
    store.edit({ host: "other.example.org" });
    expect(useQuickConnect.getState()).toMatchObject({ host: "other.example.org", user: "ann", edited: true });
    store.sent();
    expect(useQuickConnect.getState().edited).toBe(false);
    store.edit({ user: "bob" });
    store.blank();
    expect(useQuickConnect.getState()).toMatchObject({ host: "", port: "", user: "", encryption: "explicit-required", edited: false });
  });
});
