import { useRef, type KeyboardEvent } from "react";
import { runKey } from "../keymap";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "../stores/panes-store";

/** Letters typed within this long of each other form one prefix to jump to. */
const typeAheadMs = 1000;

/** The keys of a pane's grid: the keymap's pane commands, and otherwise type-ahead to a name. */
export function usePaneKeys(side: Side): (event: KeyboardEvent<HTMLElement>) => void {
  const typed = useRef({ text: "", at: 0 });
  return (event) => {
    // Keys typed into the in-place rename field are the field's own.
    if (event.target instanceof HTMLInputElement) return;
    if (runKey("pane", event, side)) {
      event.preventDefault();
      return;
    }
    if (event.key.length !== 1 || event.key === " " || event.ctrlKey || event.altKey || event.metaKey) return;
    const now = Date.now();
    typed.current = { text: now - typed.current.at < typeAheadMs ? typed.current.text + event.key : event.key, at: now };
    usePanesStore.getState().jumpTo(side, typed.current.text);
    event.preventDefault();
  };
}
