import { beforeEach, describe, expect, it } from "vitest";
import type { Listing, SessionInfo } from "../../shared/domain";
import type { ConnectAttempt } from "../../shared/sessions";
import { CommandError, installBridge } from "../transport/bridge";
import { createScriptedBridge, type ScriptedBridge } from "../transport/scripted-bridge";
import { useLogStore } from "./log-store";
import { usePanesStore } from "./panes-store";
import { connectionOf, useSessionStore } from "./session-store";

const failedAttempt: ConnectAttempt = {
  sessionId: "s2",
  target: "ann@127.0.0.1:21",
  at: 1,
  outcome: "failed",
  error: "The server refused the user name or password.",
};

/** Main as the test plays it: one server whose connection can be lost, and logins that fail on demand. */
function playMain(): ScriptedBridge {
  const listing = (path: string): Listing => ({ path, entries: [{ name: "a.txt", kind: "file", size: 1 }], rejectedNames: 0 });
  return createScriptedBridge({
    "sessions.open": ({ host, user, password }): SessionInfo => {
      if (password === "wrong") throw new CommandError({ code: "auth-failed", message: failedAttempt.error! });
      return { id: "s1", host, port: 21, user, encryption: "plain", security: { encrypted: false }, startPath: "/" };
    },
    "sessions.list": ({ path }) => listing(path ?? "/"),
    "sessions.reconnect": () => ({}),
    "sessions.close": () => ({}),
    "sessions.log": ({ sessionId }) => ({ entries: [{ at: 1, kind: "reply", text: `530 Login incorrect (${sessionId})` }], end: 1 }),
    "sessions.attempts": () => ({ attempts: [failedAttempt] }),
  });
}

const sessions = () => useSessionStore.getState();

describe("the session store, driven through a test bridge", () => {
  let main: ScriptedBridge;
  const listings = () => main.sent.filter((sent) => sent.channel === "sessions.list").length;
  beforeEach(() => {
    main = playMain();
    installBridge(main);
    usePanesStore.setState(usePanesStore.getInitialState(), true);
    useSessionStore.setState(useSessionStore.getInitialState(), true);
    useLogStore.setState(useLogStore.getInitialState(), true);
  });

  async function connectAndBrowse(): Promise<SessionInfo> {
    const session = await sessions().connect({ host: "127.0.0.1", user: "ann", password: "pw", encryption: "plain" });
    await usePanesStore.getState().showSession("/");
    await usePanesStore.getState().load("remote", "/www");
    return session!;
  }

  it("keeps a tab whose connection was lost, with its folder, and names its server in the error", async () => {
    const session = await connectAndBrowse();
    sessions().connectionChanged(session.id, { state: "disconnected", reason: "The server closed the connection." });
    expect(sessions().tabs.map((tab) => tab.id)).toEqual([session.id]);
    expect(sessions().session?.id).toBe(session.id);
    expect(connectionOf(sessions().connections, session.id)).toEqual({
      state: "disconnected",
      reason: "The server closed the connection.",
    });
    expect(usePanesStore.getState().remote.path).toBe("/www");
    expect(sessions().error).toEqual({ message: "ann@127.0.0.1:21: The server closed the connection.", sessionId: session.id });
  });

  it("drops the tab's error once the tab is connected again", async () => {
    const session = await connectAndBrowse();
    sessions().connectionChanged(session.id, { state: "disconnected", reason: "Lost." });
    sessions().connectionChanged(session.id, { state: "reconnecting", attempt: 2 });
    expect(sessions().error?.sessionId).toBe(session.id);
    sessions().connectionChanged(session.id, { state: "connected" });
    expect(sessions().error).toBeUndefined();
  });

  it("reconnects with the Reconnect button and lists the tab's folder again, where the user was", async () => {
    const session = await connectAndBrowse();
    sessions().connectionChanged(session.id, { state: "disconnected", reason: "Lost." });
    const listedBefore = listings();
    await sessions().reconnect();
    expect(main.sent.some((sent) => sent.channel === "sessions.reconnect")).toBe(true);
    expect(listings()).toBe(listedBefore + 1);
    expect(usePanesStore.getState().remote.path).toBe("/www");
  });

  it("shows a failed connect's own log, as the tab it never became cannot", async () => {
    await sessions().connect({ host: "127.0.0.1", user: "ann", password: "wrong", encryption: "plain" });
    expect(sessions().tabs).toEqual([]);
    expect(sessions().error).toEqual({ message: failedAttempt.error });
    await expect.poll(() => useLogStore.getState().sessionId).toBe("s2");
    await useLogStore.getState().show();
    expect(useLogStore.getState().entries.map((entry) => entry.text)).toEqual(["530 Login incorrect (s2)"]);
  });
});

describe("the log store", () => {
  beforeEach(() => {
    installBridge(
      createScriptedBridge({
        "sessions.log": () => ({ entries: [1, 2, 3].map((n) => ({ at: n, kind: "info" as const, text: `line ${n}` })), end: 3 }),
        "sessions.attempts": () => ({ attempts: [] }),
      }),
    );
    useLogStore.setState(useLogStore.getInitialState(), true);
  });

  it("does not show twice the lines that the whole log brought and the next batch brings again", async () => {
    await useLogStore.getState().follow("s1");
    await useLogStore.getState().show();
    const line = (n: number) => ({ at: n, kind: "info" as const, text: `line ${n}` });
    useLogStore.getState().append({ sessionId: "s1", from: 2, entries: [line(3), line(4)] });
    useLogStore.getState().append({ sessionId: "s1", from: 4, entries: [line(5)] });
    expect(useLogStore.getState().entries.map((entry) => entry.text)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
  });
});
