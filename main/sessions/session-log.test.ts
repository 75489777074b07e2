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

  it("tags a transfer connection's lines with it, and keeps a batch of 20 000 files to the newest 2 000 lines", () => {
    const log = new SessionLog();
    const transfer = log.tagged("transfer 2");
    transfer.addFromClient("> PASS ###");
    for (let i = 0; i < 20_000; i++) {
      transfer.addFromClient("> EPSV");
      transfer.addFromClient("< 229 Entering Extended Passive Mode (|||40001|)");
      transfer.addFromClient(`> RETR /files/${i}.txt`);
      transfer.addFromClient("< 150 Opening data connection\r\n226 Transfer complete\r\n");
    }
    transfer.add("info", "The server did not tell the size of /files/19999.txt.");
    expect(log.all()).toHaveLength(2000);
    expect(log.all()[0]?.text).toBe("[transfer 2] 229 Entering Extended Passive Mode (|||40001|)");
    expect(
      log
        .all()
        .slice(-4)
        .map((entry) => [entry.kind, entry.text]),
    ).toEqual([
      ["command", "[transfer 2] RETR /files/19999.txt"],
      ["reply", "[transfer 2] 150 Opening data connection"],
      ["reply", "[transfer 2] 226 Transfer complete"],
      ["info", "[transfer 2] The server did not tell the size of /files/19999.txt."],
    ]);
    // What waits for the renderer is bounded the same way, however long the renderer took to take it.
    expect(log.takeNew()).toMatchObject({ from: 100_002 - 2000, entries: { length: 2000 } });
  });
});
