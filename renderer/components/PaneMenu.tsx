import { useEffect, useRef } from "react";
import { usePaneDialogStore } from "../stores/pane-dialog-store";
import { usePaneMenu } from "../stores/pane-menu-store";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "../stores/panes-store";
import { useSessionStore } from "../stores/session-store";
import { useTransferStore } from "../stores/transfer-store";
import { joinPath } from "../pane-logic";

interface Item {
  label: string;
  keys?: string;
  run(): void;
  disabled?: boolean;
}

function itemsFor(side: Side): Item[] {
  const panes = usePanesStore.getState();
  const pane = panes[side];
  const names = panes.selection(side);
  const current = pane.rows[pane.cursor];
  const dialogs = usePaneDialogStore.getState();
  const session = useSessionStore.getState().session;
  const paths = names.map((name) => joinPath(side, pane.path ?? "/", name));
  const copy = (text: string) => void navigator.clipboard.writeText(text).catch(() => undefined);
  const none = names.length === 0;
  return [
    { label: "Open", keys: "Enter", disabled: !current || current.kind === "file", run: () => void panes.openRow(side, pane.cursor) },
    { label: "Copy to the other pane", keys: "F5", disabled: none || !session, run: () => void useTransferStore.getState().start(false) },
    { label: "Move to the other pane", keys: "F6", disabled: none || !session, run: () => void useTransferStore.getState().start(true) },
    { label: "Rename", keys: "F2", disabled: !current || current.kind === "up", run: () => panes.startRename(side) },
    { label: "Delete", keys: "F8", disabled: none, run: () => dialogs.open({ kind: "delete", side, names }) },
    { label: "New folder", keys: "F7", run: () => dialogs.open({ kind: "mkdir", side }) },
    { label: "New file", keys: "Shift+F4", run: () => dialogs.open({ kind: "new-file", side }) },
    { label: "Properties", keys: "F9", disabled: none, run: () => dialogs.open({ kind: "properties", side, names }) },
    { label: "Copy path", disabled: none, run: () => copy(paths.join("\n")) },
    {
      label: "Copy URL",
      disabled: none || side === "local" || !session,
      run: () => session && copy(paths.map((path) => `ftp://${session.user ? `${encodeURIComponent(session.user)}@` : ""}${session.host}:${session.port}${encodeURI(path)}`).join("\n")),
    },
    { label: "Refresh", keys: "Ctrl+R", run: () => void panes.refresh(side) },
  ];
}

/** The pane's context menu: the same actions as the keys, with the keys beside them. */
export function PaneMenu() {
  const menu = usePaneMenu((state) => state.menu);
  const close = usePaneMenu((state) => state.close);
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    element.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [menu]);

  if (!menu) return null;
  const finish = () => {
    close();
    setTimeout(() => document.querySelector<HTMLElement>(`[data-pane="${menu.side}"] [role=grid]`)?.focus());
  };
  const items = itemsFor(menu.side);
  return (
    <div className="menu-backdrop" onMouseDown={finish} onContextMenu={(event) => event.preventDefault()}>
      <div
        ref={element}
        role="menu"
        aria-label={`${menu.side === "local" ? "Local" : "Remote"} file actions`}
        className="context-menu"
        style={{ left: Math.min(menu.x, window.innerWidth - 260), top: Math.min(menu.y, window.innerHeight - 330) }}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          const buttons = [...(element.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [])];
          const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
          if (event.key === "Escape") finish();
          else if (event.key === "ArrowDown") buttons[(at + 1) % buttons.length]?.focus();
          else if (event.key === "ArrowUp") buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
          else return;
          event.preventDefault();
        }}
      >
        {items.map((item) => (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            disabled={item.disabled}
            onClick={() => {
              finish();
              item.run();
            }}
          >
            <span>{item.label}</span>
            {item.keys ? <kbd>{item.keys}</kbd> : null}
          </button>
        ))}
      </div>
    </div>
  );
}
