import type { PanePlace, Side } from "../panes/pane-transitions";
import { call } from "../transport/bridge";
import { useEditorStore } from "./editor-store";
import { usePanesStore } from "./panes-store";

/**
 * F7 and Shift+F4 answered: the folder or file is made in `at`, the folder the pane showed when
 * they asked, though it may show another by now (synchronized browsing, a slow listing). Shift+F4
 * then opens the new file in the editor, as WinSCP does.
 */
export async function createInPane(kind: "mkdir" | "new-file", side: Side, at: PanePlace, name: string): Promise<void> {
  const made = await usePanesStore
    .getState()
    .operate(side, at, (target, folder) => call(kind === "mkdir" ? "files.mkdir" : "files.new-file", { target, folder, name }), name);
  if (made && kind === "new-file") await useEditorStore.getState().openAt(side, at, name, "edit");
}
