import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { NoticeText } from "../storage/json-store";
import { ftpUrlIn, handOverSecondStart } from "./second-start";

function secondStart(argv: string[]) {
  const events: EventMessage[] = [];
  const notices: NoticeText[] = [];
  handOverSecondStart(argv, { emit: (message) => events.push(message), notify: (notice) => notices.push(notice) });
  return { events, notices };
}

describe("a second start of the desktop app", () => {
  it("hands its ftp:// URL to the running Ferry, which opens it with the password asked for", () => {
    const { events, notices } = secondStart(["--no-sandbox", "ftp://anna:secret@[::1]:2121/pub/docs"]);
    expect(events).toEqual([
      {
        kind: "event",
        channel: "app.open-connection",
        payload: {
          connection: {
            host: "::1",
            port: 2121,
            user: "anna",
            password: "",
            encryption: "explicit-if-available",
            initialRemotePath: "/pub/docs",
          },
        },
      },
    ]);
    expect(notices).toEqual([]);
  });

  it("says in a notice when the URL does not read, and opens nothing", () => {
    const { events, notices } = secondStart(["ftp://%ff@127.0.0.1/"]);
    expect(events).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toMatch(/not valid percent-encoding/);
  });

  it("without a URL only brings the window to the front: nothing is opened or said", () => {
    expect(secondStart(["--inspect", "/home/anna/readme.txt"])).toEqual({ events: [], notices: [] });
    expect(ftpUrlIn(["x", "FTPS://h/"])).toBe("FTPS://h/");
  });
});
