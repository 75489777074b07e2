import { beforeEach, describe, expect, it } from "vitest";
import type { SessionInfo } from "../../shared/domain";
import { CommandError, installBridge } from "../transport/bridge";
import { createScriptedBridge } from "../transport/scripted-bridge";
import { useKeepStore } from "./keep-store";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

const session: SessionInfo = {
  id: "s1",
  host: "127.0.0.1",
  port: 21,
  user: "ann",
  encryption: "plain",
  security: { encrypted: false },
  startPath: "/",
};
const keep = () => useKeepStore.getState();
const line = (text: string) => ({ at: 1, kind: "info" as const, text });

describe("the keep-up-to-date store", () => {
  beforeEach(() => {
    useKeepStore.setState(useKeepStore.getInitialState(), true);
    usePanesStore.setState(usePanesStore.getInitialState(), true);
    useSessionStore.setState({ ...useSessionStore.getInitialState(), tabs: [session], session }, true);
  });

  it("takes the panes' folders, and keeps the log lines main sent before its answer to Start", async () => {
    usePanesStore.setState({ local: { ...usePanesStore.getState().local, path: "/home/ann/site" } });
    usePanesStore.setState({ remote: { ...usePanesStore.getState().remote, path: "/www" } });
    const main = createScriptedBridge({
      "keep.start": ({ sessionId, localFolder, remoteFolder }) => {
        // Main logs as it starts, before it answers; another watch's lines are not this one's.
        main.tell({ kind: "event", channel: "keep.log", payload: { keepId: "k1", entries: [line("Watching.")] } });
        main.tell({ kind: "event", channel: "keep.log", payload: { keepId: "k9", entries: [line("Someone else's.")] } });
        return { keepId: "k1", sessionId, localFolder, remoteFolder };
      },
      "keep.stop": () => ({}),
    });
    installBridge(main);
    main.subscribe((message) => {
      if (message.kind === "event" && message.channel === "keep.log") keep().logged(message.payload);
      if (message.kind === "event" && message.channel === "keep.stopped") keep().stopped(message.payload);
    });

    keep().show();
    expect(keep()).toMatchObject({ open: true, localFolder: "/home/ann/site", remoteFolder: "/www" });
    await keep().start();
    expect(keep().watch?.keepId).toBe("k1");
    expect(keep().entries.map((entry) => entry.text)).toEqual(["Watching."]);

    main.tell({ kind: "event", channel: "keep.stopped", payload: { keepId: "k1", reason: "Stopped: the tab's connection was closed." } });
    expect(keep().watch).toBeUndefined();
    expect(keep().status).toBe("Stopped: the tab's connection was closed.");
  });

  it("says why a start was refused, and closing stops the watch", async () => {
    const main = createScriptedBridge({
      "keep.start": () => {
        throw new CommandError({ code: "not-found", message: "The server folder “/nope” cannot be opened: does it exist?" });
      },
    });
    installBridge(main);
    keep().change({ localFolder: "/home/ann", remoteFolder: "/nope" });
    await keep().start();
    expect(keep().watch).toBeUndefined();
    expect(keep().status).toBe("The server folder “/nope” cannot be opened: does it exist?");

    const stopping = createScriptedBridge({
      "keep.start": ({ sessionId, localFolder, remoteFolder }) => ({ keepId: "k2", sessionId, localFolder, remoteFolder }),
      "keep.stop": () => ({}),
    });
    installBridge(stopping);
    keep().show();
    await keep().start();
    await keep().close();
    expect(keep().open).toBe(false);
    expect(stopping.sent.map((sent) => sent.channel)).toEqual(["keep.start", "keep.stop"]);
  });
});
