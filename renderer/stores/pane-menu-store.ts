import { create } from "zustand";
import type { Side } from "../panes/pane-transitions";

interface MenuState {
  menu: { side: Side; x: number; y: number } | undefined;
  open(side: Side, x: number, y: number): void;
  close(): void;
}

/** Where the pane's context menu is open, if anywhere. */
export const usePaneMenu = create<MenuState>((set) => ({
  menu: undefined,
  open: (side, x, y) => set({ menu: { side, x, y } }),
  close: () => set({ menu: undefined }),
}));
