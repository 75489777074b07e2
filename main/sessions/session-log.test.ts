import { describe, expect, it } from "vitest";
import { SessionLog } from "./session-log";

describe("a session log", () => {
  it("keeps the newest 2 000 lines and splits multi-line replies", () => {
    const log = new SessionLog();
    for (let i = 0; i < 2500; i++) log.addFromClient(`> NOOP ${i}`);
    log.addFromClient("< 211-Features:\r\n MLSD\r\n211 End\r\n");
    const all = log.all();
    expect(all).toHaveLength(2000);
    expect(all[0]?.text).toBe("NOOP 503");
    expect(all.slice(-3).map((e) => [e.kind, e.text])).toEqual([
      ["reply", "211-Features:"],
      ["reply", " MLSD"],
      ["reply", "211 End"],
    ]);
    log.addFromClient("drwxr-xr-x 1 u g 0 Nov 23 docs\n-rw-r--r-- 1 u g 5 Nov 23 a.txt");
    expect(log.all()).toHaveLength(2000);
    // The batch says where its first line stands among the 2 503 lines ever logged.
    expect(log.takeNew()).toMatchObject({ from: 503, entries: { length: 2000 } });
    expect(log.takeNew()).toEqual({ from: 2503, entries: [] });
    expect(log.end).toBe(2503);
  });
});
