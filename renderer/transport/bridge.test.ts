import { afterEach, describe, expect, it, vi } from "vitest";
import type { Listing } from "../../shared/domain";
import { call, CommandError, ContractViolation, errorMessage, installBridge } from "./bridge";
import { createScriptedBridge } from "./scripted-bridge";

const listing: Listing = { path: "/home/ann", parent: "/home", entries: [{ name: "notes.txt", kind: "file", size: 5 }], rejectedNames: 0 };

describe("the bridge", () => {
  afterEach(() => vi.restoreAllMocks());

  it("carries a command to the installed transport and brings its answer back", async () => {
    const test = createScriptedBridge({ "local.list": () => listing });
    installBridge(test);
    await expect(call("local.list", { path: "/home/ann" })).resolves.toEqual(listing);
    expect(test.sent).toEqual([{ channel: "local.list", request: { path: "/home/ann" } }]);
  });

  it("turns main's refusal into its sentence for the user", async () => {
    installBridge(
      createScriptedBridge({
        "local.list": () => Promise.reject(new CommandError({ code: "not-found", message: "The folder /gone does not exist." })),
      }),
    );
    const failure = await call("local.list", { path: "/gone" }).catch((error: unknown) => error);
    expect(errorMessage(failure)).toBe("The folder /gone does not exist.");
  });

  it("refuses, in tests and development, an answer the contract does not allow", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // A listing whose entries lost their kind: main and the contract disagree.
    const broken = { ...listing, entries: [{ name: "notes.txt" }] } as unknown as Listing;
    installBridge(createScriptedBridge({ "local.list": () => broken }));
    await expect(call("local.list", { path: "/home/ann" })).rejects.toBeInstanceOf(ContractViolation);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("entries.0.kind"));
  });

  it("delivers only what the contract allows from main to the renderer", () => {
    const test = createScriptedBridge({});
    installBridge(test);
    const heard: string[] = [];
    test.subscribe((message) => heard.push(message.channel));
    test.tell({ kind: "event", channel: "sessions.log-appended", payload: { sessionId: "s1", from: 0, entries: [] } });
    expect(heard).toEqual(["sessions.log-appended"]);
    expect(() => test.tell({ kind: "event", channel: "sessions.log-appended", payload: { sessionId: 7 } } as never)).toThrow(
      /does not allow/,
    );
  });
});
