import type { ButtonHTMLAttributes } from "react";
import { ariaKeys, command, keyLabel, type CommandId } from "../keymap";
import { usePanesStore } from "../stores/panes-store";
import { useSessionStore } from "../stores/session-store";

type CommandButtonProps = { id: CommandId } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "id" | "onClick" | "disabled" | "type">;

/** A command bar button: the keymap's label and key, acting on the focused pane. */
export function CommandButton({ id, ...attributes }: CommandButtonProps) {
  const entry = command(id);
  const side = usePanesStore((state) => state.focused);
  // Whether the command can act depends on the focused pane and the session: follow both.
  usePanesStore((state) => state[state.focused]);
  useSessionStore((state) => state.session);
  const key = keyLabel(entry);
  return (
    <button
      type="button"
      disabled={!(entry.enabled?.(side) ?? true)}
      onClick={() => entry.run(side)}
      aria-keyshortcuts={ariaKeys(entry)}
      {...attributes}
    >
      {entry.label}
      {key ? (
        <>
          {" "}
          <kbd>{key}</kbd>
        </>
      ) : null}
    </button>
  );
}
