import type { noticesContract } from "../../shared/notices";
import type { CommandHandlers } from "../router/router";
import type { NoticeBoard } from "./notice-board";

type NoticeHandlers = Pick<CommandHandlers, keyof (typeof noticesContract)["commands"]>;

/** The notices a page missed before it connected, and the user's dismissals. */
export function noticeCommands(board: NoticeBoard): NoticeHandlers {
  return {
    "notices.list": async () => ({ notices: board.list() }),
    "notices.dismiss": async ({ id }) => {
      board.dismiss(id);
      return {};
    },
  };
}
