/**
 * The page refused to unload (its beforeunload says edits are not saved). A browser would ask
 * the user; Electron keeps the window without a word, so Ferry asks in its own words.
 */

/** What is about to drop the page: closing the window (which quits Ferry), or reloading it. */
export type Leaving = "quit" | "reload";

/** The native question's options, as `dialog.showMessageBoxSync` takes them. */
export interface UnloadQuestion {
  type: "warning";
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

const leaveButton = 0;
const stayButton = 1;

export function unloadQuestion(leaving: Leaving): UnloadQuestion {
  const verb = leaving === "quit" ? "Quit" : "Reload";
  return {
    type: "warning",
    title: "Ferry",
    message: `Ferry has unsaved edits. ${verb} anyway?`,
    detail:
      "A file edited in Ferry is not saved, or a file edited in another program is not uploaded to its server yet. " +
      `${verb === "Quit" ? "Quitting" : "Reloading"} discards the changes made in Ferry; copies edited in other programs stay on this computer.`,
    buttons: [verb, "Cancel"],
    // Enter and Escape both keep the edits: only a deliberate click leaves.
    defaultId: stayButton,
    cancelId: stayButton,
    noLink: true,
  };
}

/** Whether the answer (the index of the button chosen) lets the page unload. */
export function letsUnload(response: number): boolean {
  return response === leaveButton;
}
