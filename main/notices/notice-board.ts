import { randomUUID } from "node:crypto";
import type { EventMessage } from "../../shared/contract";
import type { Notice } from "../../shared/notices";
import type { NoticeText } from "../storage/json-store";

/** More than this many unread notices is a flood: the oldest go first. */
const keep = 50;

/**
 * The notices main raised and the user has not dismissed: each is sent as it is shown, and
 * kept for a page that connects later (they are mostly raised at start, before any page).
 */
export class NoticeBoard {
  private readonly notices = new Map<string, Notice>();

  constructor(private readonly send: (message: EventMessage) => void) {}

  /** Shows a notice; bound, so that it can be handed to stores as their `notify`. */
  readonly show = (text: NoticeText): Notice => {
    const notice: Notice = { id: randomUUID(), ...text };
    this.notices.set(notice.id, notice);
    for (const id of this.notices.keys()) {
      if (this.notices.size <= keep) break;
      this.notices.delete(id);
    }
    this.send({ kind: "event", channel: "notices.shown", payload: notice });
    return notice;
  };

  list(): Notice[] {
    return [...this.notices.values()];
  }

  dismiss(id: string): void {
    this.notices.delete(id);
  }
}
