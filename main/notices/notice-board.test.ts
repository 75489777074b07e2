import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import { noticeCommands } from "./commands";
import { NoticeBoard } from "./notice-board";

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
