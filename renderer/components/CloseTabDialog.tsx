import { useEffect, useRef } from "react";
import { useCloseTab, type CloseTabQuestion } from "../stores/close-tab-store";
import { ModalDialog } from "./ModalDialog";

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The close button's words: what closing ends that the user would miss most. */
function closeLabel({ transfers, unsaved, notUploaded }: CloseTabQuestion): string {
  if (unsaved > 0) return "Close and discard changes";
  if (notUploaded === 0 && transfers > 0) return "Close and cancel transfers";
  return "Close anyway";
}

/** One sentence for each kind of work the close would end, what is lost first. */
function reasons({ transfers, unsaved, notUploaded }: CloseTabQuestion, name: string, host: string): string[] {
  const them = (count: number) => (count === 1 ? "it" : "them");
  return [
    unsaved > 0
      ? `“${name}”: ${plural(unsaved, "edited file is", "edited files are")} not saved. Closing the tab discards ${unsaved === 1 ? "its" : "their"} changes.`
      : "",
    notUploaded > 0
      ? `${plural(notUploaded, "file edited in another program has", "files edited in another program have")} changes not uploaded to “${name}”. ` +
        `Closing the tab stops watching ${them(notUploaded)}; the changes stay in ${notUploaded === 1 ? "its copy" : "their copies"} on this computer.`
      : "",
    transfers > 0
      ? `${plural(transfers, "transfer", "transfers")} to ${host} ${transfers === 1 ? "is" : "are"} not finished. Closing the tab cancels ${them(transfers)}.`
      : "",
  ].filter(Boolean);
}

/**
 * Asked before a tab closes while it still has work that is not on its server: one question
 * that names each kind, as WinSCP does. Keeping the tab is the default.
 */
export function CloseTabDialog({ asking, name, host }: { asking: CloseTabQuestion; name: string; host: string }) {
  const keep = useRef<HTMLButtonElement>(null);
  const { confirm, cancel } = useCloseTab.getState();
  useEffect(() => {
    keep.current?.focus();
  }, []);
  return (
    <ModalDialog labelledBy="close-tab-title" onCancel={cancel}>
      <h2 id="close-tab-title">Close tab</h2>
      {reasons(asking, name, host).map((reason) => (
        <p key={reason}>{reason}</p>
      ))}
      <div className="dialog-buttons">
        <button type="button" onClick={() => void confirm()}>
          {closeLabel(asking)}
        </button>
        <button ref={keep} type="button" className="button-default" onClick={cancel}>
          Keep the tab
        </button>
      </div>
    </ModalDialog>
  );
}
