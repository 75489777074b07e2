import { useEffect, useRef } from "react";
import { command, keyLabel, type CommandId } from "../keymap";
import { usePaneMenu } from "../stores/pane-menu-store";

/** The menu's commands, in WinSCP's order: what the keys do, with the keys beside them. */
const menuCommands: CommandId[] = [
  "pane.open",
  "pane.view",
  "pane.edit",
  "transfers.copy",
  "transfers.move",
  "pane.rename",
  "pane.delete",
  "pane.mkdir",
  "pane.new-file",
  "pane.properties",
  "pane.copy-path",
  "pane.copy-url",
  "pane.refresh",
  "panes.compare",
  "keep.show",
];

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
  const side = menu.side;
  const items = menuCommands.map(command);
  return (
    <div className="menu-backdrop" onMouseDown={finish} onContextMenu={(event) => event.preventDefault()}>
      <div
        ref={element}
        role="menu"
        aria-label={`${menu.side === "local" ? "Local" : "Remote"} file actions`}
        className="context-menu"
        style={{ left: Math.min(menu.x, window.innerWidth - 260), top: Math.min(menu.y, window.innerHeight - 420) }}
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
            key={item.id}
            type="button"
            role="menuitem"
            disabled={!(item.enabled?.(side) ?? true)}
            onClick={() => {
              finish();
              item.run(side);
            }}
          >
            <span>{item.menuLabel ?? item.label}</span>
            {keyLabel(item) ? <kbd>{keyLabel(item)}</kbd> : null}
          </button>
        ))}
      </div>
    </div>
  );
}
