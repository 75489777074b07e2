import { UserFacingError } from "../errors";

/**
 * Follows one delete: counts what is gone, tells the renderer now and then, and stops
 * between two items when the user cancels.
 */
export class DeleteProgress {
  private done = 0;
  private cancelled = false;
  private lastReport = 0;

  constructor(private readonly report: (done: number, current: string) => void) {}

  cancel(): void {
    this.cancelled = true;
  }

  /** Call before each item; throws once the user has cancelled. */
  next(current: string): void {
    if (this.cancelled) throw new UserFacingError("cancelled", `Deleting was cancelled; ${this.told}.`);
    const now = Date.now();
    if (now - this.lastReport >= 150) {
      this.lastReport = now;
      this.report(this.done, current);
    }
  }

  deleted(): void {
    this.done++;
  }

  get count(): number {
    return this.done;
  }

  /** How many items are gone, in words: "3 items were deleted". */
  get told(): string {
    return `${this.done} ${this.done === 1 ? "item was" : "items were"} deleted`;
  }
}
