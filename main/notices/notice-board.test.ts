import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { SendToClients } from "../prompts/prompt-broker";
import { noticeCommands } from "./commands";
import { NoticeBoard } from "./notice-board";
import { mainServicesForTests } from "../../test-support/main-services";

describe("the notice board", () => {
  it("sends each notice as it is shown, lists the undismissed ones for a page that connects later, and forgets dismissed ones", async () => {
    const sent: EventMessage[] = [];
    const board = new NoticeBoard((message) => sent.push(message));
    const first = board.show({ text: "Your bookmarks could not be read.", detail: "/data/bookmarks.json.corrupt-1" });
    board.show({ text: "Your preferences could not be read." });
    expect(sent.map((m) => m.channel)).toEqual(["notices.shown", "notices.shown"]);
    expect(sent[0]?.payload).toEqual(first);

    const commands = noticeCommands(board);
    const texts = async () => (await commands["notices.list"]({})).notices.map((n) => n.text);
    expect(await texts()).toEqual(["Your bookmarks could not be read.", "Your preferences could not be read."]);
    await commands["notices.dismiss"]({ id: first.id });
    expect(await texts()).toEqual(["Your preferences could not be read."]);
  });

  it("keeps the newest fifty when flooded", () => {
    const board = new NoticeBoard(() => undefined);
    for (let i = 0; i < 60; i++) board.show({ text: `notice ${i}` });
    const texts = board.list().map((n) => n.text);
    expect(texts).toHaveLength(50);
    expect(texts[0]).toBe("notice 10");
    expect(texts[49]).toBe("notice 59");
  });
});

describe("the data files' notices", () => {
  it("reach the board at start: a damaged queue file and a damaged sites file each give a notice and keep a backup", async () => {
    const dataPath = await mkdtemp(join(tmpdir(), "ferry-notices-"));
    await writeFile(join(dataPath, "transfer-queue.json"), '{"version": 1, "jobs": [');
    await writeFile(join(dataPath, "sites.json"), JSON.stringify({ version: 2, sites: "many" }));
    const shown: string[] = [];
    const send: SendToClients = (message) => {
      if (message.kind === "event" && message.channel === "notices.shown") shown.push(message.payload.text);
    };
    const services = await mainServicesForTests({ dataPath, send });
    const texts = () => [...shown].sort();
    await expect
      .poll(texts)
      .toEqual([
        "Your sites could not be read (it does not hold what Ferry expects there), so the site list starts empty.",
        "Your transfer queue could not be read (it is not valid JSON), so the queue starts empty.",
      ]);
    const backups = (await readdir(dataPath)).filter((name) => name.includes(".corrupt-")).map((name) => name.replace(/\.corrupt-.*/, ""));
    expect(backups.sort()).toEqual(["sites.json", "transfer-queue.json"]);
    await services.shutdown();
  });
});
