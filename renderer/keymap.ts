/**
 * Every command Ferry has, once: its id, keys, label, where its keys work, and what it does.
 * The key handlers (App, the panes), the context menu and the command bar's labels read this,
 * so a key and its label cannot drift apart. Keys as in WinSCP's Commander.
 */
import { hostAndPort } from "../shared/host-address";
import { joinPath, type SortColumn } from "./pane-logic";
import type { Side } from "./panes/pane-transitions";
import { useBookmarksStore } from "./stores/bookmarks-store";
import { useEditorStore } from "./stores/editor-store";
import { useKeepStore } from "./stores/keep-store";
import { useLogStore } from "./stores/log-store";
import { usePanePreferences } from "./stores/pane-preferences-store";
import { usePaneDialogStore } from "./stores/pane-dialog-store";
import { usePaneMenu } from "./stores/pane-menu-store";
import { usePanesStore } from "./stores/panes-store";
import { useSessionStore } from "./stores/session-store";
import { useSitesStore } from "./stores/sites-store";
import { useSynchronizeStore } from "./stores/synchronize-store";
import { useTransferStore } from "./stores/transfer-store";

/**
 * Where a command's keys work. "app" keys work anywhere in the window (outside dialogs), so
 * also in a pane; "pane" keys work in the focused pane's grid.
 */
export type Scope = "app" | "pane";

/** The scopes whose keys reach a scope: a key pressed in a pane is also seen by the window. */
export const scopesSeenFrom: Record<Scope, Scope[]> = { app: ["app"], pane: ["pane", "app"] };

export interface KeyCommand {
  id: string;
  label: string;
  /** Where the context menu says more than the command bar. */
  menuLabel?: string;
  /** "Ctrl+R", "Shift+F4", "Num+": modifiers in the order Ctrl, Alt, Shift; the first is the one shown. */
  keys: readonly string[];
  scope: Scope;
  /** Whether the command can act now on the pane on `side` (for app commands, the focused pane). */
  enabled?(side: Side): boolean;
  run(side: Side): void;
}

const panes = () => usePanesStore.getState();
const pane = (side: Side) => panes()[side];
const dialogs = () => usePaneDialogStore.getState();
const selection = (side: Side) => panes().selection(side);
const current = (side: Side) => pane(side).rows[pane(side).cursor];
const listed = (side: Side) => pane(side).path !== undefined;
const hasSelection = (side: Side) => listed(side) && selection(side).length > 0;
const connected = () => useSessionStore.getState().session !== undefined;
const gridOf = (side: Side) => document.querySelector<HTMLElement>(`[data-pane="${side}"] [role=grid]`);
const copyText = (text: string) => void navigator.clipboard.writeText(text).catch(() => undefined);

/** Rows a Page Up or Page Down moves. */
const pageSize = 20;

const cursorMoves: [key: string, label: string, to: (side: Side) => number][] = [
  ["ArrowDown", "Next row", (side) => pane(side).cursor + 1],
  ["ArrowUp", "Previous row", (side) => pane(side).cursor - 1],
  ["PageDown", "Page down", (side) => pane(side).cursor + pageSize],
  ["PageUp", "Page up", (side) => pane(side).cursor - pageSize],
  ["Home", "First row", () => 0],
  ["End", "Last row", (side) => pane(side).rows.length - 1],
];

const sortKeys: [key: string, column: SortColumn, label: string][] = [
  ["Ctrl+F3", "name", "Sort by name"],
  ["Ctrl+F4", "type", "Sort by type"],
  ["Ctrl+F5", "modified", "Sort by time"],
  ["Ctrl+F6", "size", "Sort by size"],
];

/** The server URL of each selected name, for the clipboard. */
function urlsOf(side: Side): string {
  const session = useSessionStore.getState().session;
  if (!session) return "";
  const user = session.user ? `${encodeURIComponent(session.user)}@` : "";
  return selection(side)
    .map((name) => `ftp://${user}${hostAndPort(session.host, session.port)}${encodeURI(joinPath(side, pane(side).path ?? "/", name))}`)
    .join("\n");
}

const otherSide = (side: Side): Side => (side === "local" ? "remote" : "local");

/** F8, F9: asks about the selection in the folder shown now, where the answer then acts. */
function askAbout(side: Side, kind: "delete" | "properties"): void {
  const at = panes().placeOf(side);
  if (at) dialogs().open({ kind, side, at, names: selection(side) });
}

/** F7, Shift+F4: asks for a name, which is then made in the folder shown now. */
function askName(side: Side, kind: "mkdir" | "new-file"): void {
  const at = panes().placeOf(side);
  if (at) dialogs().open({ kind, side, at });
}

/**
 * F5 / F6: the selection to the other pane's folder, through the queue. Asks where first (WinSCP's
 * Copy / Move dialog) unless the user chose "Don't ask again"; `ask` (Shift+F5, Shift+F6) always asks.
 */
function transferSelection(move: boolean, ask: boolean): void {
  const from = panes().focused;
  const names = selection(from);
  const sourceFolder = pane(from).path;
  const targetFolder = pane(otherSide(from)).path;
  if (!sourceFolder || !targetFolder || names.length === 0) return;
  if (ask || usePanePreferences.getState().askBeforeTransfer)
    dialogs().open({ kind: "transfer", side: from, names, move, sourceFolder, targetFolder });
  else void useTransferStore.getState().transfer({ from, names, sourceFolder, targetFolder, move });
}

/** Enter or a double-click on a file copies it to the other pane's folder at once, as FileZilla does. */
function transferFile(side: Side): void {
  const row = current(side);
  const sourceFolder = pane(side).path;
  const targetFolder = pane(otherSide(side)).path;
  if (row?.kind !== "file" || !sourceFolder || !targetFolder) return;
  void useTransferStore.getState().transfer({ from: side, names: [row.name], sourceFolder, targetFolder, move: false });
}

/** The preference "Double-click a file: Open it (view or edit)": Enter and a double-click open a file in place of copying it. */
const opensFiles = () => useTransferStore.getState().preferences?.doubleClickFile === "open";

const canTransfer = (side: Side) => connected() && hasSelection(side) && listed(otherSide(side));

/** Makes the tab `step` places along the active one (wrapping round) the active tab. */
function switchTab(step: number): void {
  const { tabs, session, activate } = useSessionStore.getState();
  const index = tabs.findIndex((tab) => tab.id === session?.id);
  const next = tabs[(index + step + tabs.length) % tabs.length];
  if (next) activate(next.id);
}

/**
 * Focuses the first element that matches, once React has drawn a panel just shown: the
 * queue's and the log's own lists, or else their first control.
 */
function focusFirst(...selectors: string[]): void {
  requestAnimationFrame(() => {
    for (const selector of selectors) {
      const found = document.querySelector<HTMLElement>(selector);
      if (found) return found.focus();
    }
  });
}

/** Opens the Synchronize dialog with the panes' folders, or says why it cannot. */
function openSynchronize(): void {
  const { local, remote, sessionId, focused, showError } = panes();
  if (local.path === undefined || remote.path === undefined || sessionId === undefined)
    return showError(focused, "Synchronize needs a folder in both panes: connect to a server first.");
  useSynchronizeStore.getState().open(local.path, remote.path);
}

/** Keeps the open connection as a new site and shows it in the site manager. */
async function saveSessionAsSite(): Promise<void> {
  const session = useSessionStore.getState().session;
  if (!session) return;
  const sites = useSitesStore.getState();
  await sites.show();
  await sites.saveAsSite(session);
}

const written = [
  // The window's commands.
  { id: "sites.show", label: "Site manager", keys: ["Ctrl+S"], scope: "app", run: () => void useSitesStore.getState().show() },
  { id: "sites.save-session", label: "Save as site", keys: [], scope: "app", enabled: connected, run: () => void saveSessionAsSite() },
  {
    id: "transfers.copy",
    label: "Copy",
    menuLabel: "Copy to the other pane",
    keys: ["F5"],
    scope: "app",
    enabled: canTransfer,
    run: () => transferSelection(false, false),
  },
  {
    id: "transfers.move",
    label: "Move",
    menuLabel: "Move to the other pane",
    keys: ["F6"],
    scope: "app",
    enabled: canTransfer,
    run: () => transferSelection(true, false),
  },
  {
    id: "transfers.copy-ask",
    label: "Copy to…",
    keys: ["Shift+F5"],
    scope: "app",
    enabled: canTransfer,
    run: () => transferSelection(false, true),
  },
  {
    id: "transfers.move-ask",
    label: "Move to…",
    keys: ["Shift+F6"],
    scope: "app",
    enabled: canTransfer,
    run: () => transferSelection(true, true),
  },
  {
    id: "panes.compare",
    label: "Compare directories",
    keys: ["Ctrl+="],
    scope: "app",
    // No `enabled`: without a folder in both panes it says so, rather than being a button that does nothing.
    run: () => {
      const { compareCriteria, compareToleranceMs } = usePanePreferences.getState();
      // The remote pane's times come from main with the server's time zone already taken off.
      panes().markDifferences({ criteria: compareCriteria, toleranceMs: compareToleranceMs, remoteOffsetMs: 0 });
    },
  },
  // WinSCP's Ctrl+S opens the site manager here, as in FileZilla.
  { id: "synchronize.open", label: "Synchronize…", keys: ["Ctrl+Alt+S"], scope: "app", run: openSynchronize },
  {
    id: "panes.sync-browsing",
    label: "Synchronized browsing",
    keys: ["Ctrl+Shift+B"],
    scope: "app",
    run: () => panes().toggleSyncBrowsing(),
  },
  {
    id: "keep.show",
    label: "Keep up to date…",
    menuLabel: "Keep remote directory up to date…",
    keys: ["Ctrl+U"],
    scope: "app",
    enabled: connected,
    run: () => useKeepStore.getState().show(),
  },
  { id: "panes.toggle-hidden", label: "Show hidden files", keys: ["Ctrl+Alt+H"], scope: "app", run: () => void panes().toggleHidden() },
  { id: "log.toggle", label: "Session log", keys: [], scope: "app", run: () => void useLogStore.getState().toggle() },
  {
    id: "tabs.next",
    label: "Next tab",
    keys: ["Ctrl+Tab", "Ctrl+PageDown"],
    scope: "app",
    enabled: () => useSessionStore.getState().tabs.length > 1,
    run: () => switchTab(1),
  },
  {
    id: "tabs.previous",
    label: "Previous tab",
    keys: ["Ctrl+Shift+Tab", "Ctrl+PageUp"],
    scope: "app",
    enabled: () => useSessionStore.getState().tabs.length > 1,
    run: () => switchTab(-1),
  },
  {
    id: "queue.focus",
    label: "Go to the queue",
    keys: ["Alt+Q"],
    scope: "app",
    run: () => focusFirst("#queue-list", ".queue button:not(:disabled), .queue input"),
  },
  {
    id: "log.focus",
    label: "Go to the session log",
    keys: ["Alt+L"],
    scope: "app",
    run: () => {
      if (!useLogStore.getState().visible) void useLogStore.getState().toggle();
      focusFirst("#session-log", ".log-panel [tabindex='0']", ".log-panel button");
    },
  },

  // The focused pane's commands.
  {
    id: "pane.open",
    label: "Open",
    keys: ["Enter"],
    scope: "pane",
    // A folder opens; a file is copied to the other pane's folder (FileZilla's default for a double-click), or opened, as the preference says.
    enabled: (side) =>
      current(side)?.kind !== undefined && (current(side)?.kind !== "file" || opensFiles() || (connected() && listed(otherSide(side)))),
    run: (side) => {
      if (current(side)?.kind !== "file") return void panes().openRow(side, pane(side).cursor);
      if (opensFiles()) void useEditorStore.getState().open(side, "open");
      else transferFile(side);
    },
  },
  { id: "pane.up", label: "Parent folder", keys: ["Backspace"], scope: "pane", run: (side) => void panes().goUp(side) },
  {
    id: "pane.rename",
    label: "Rename",
    keys: ["F2"],
    scope: "pane",
    enabled: (side) => listed(side) && current(side) !== undefined && current(side)?.kind !== "up",
    run: (side) => panes().startRename(side),
  },
  {
    id: "pane.delete",
    label: "Delete",
    keys: ["F8", "Delete"],
    scope: "pane",
    enabled: hasSelection,
    run: (side) => askAbout(side, "delete"),
  },
  {
    id: "pane.mkdir",
    label: "New folder",
    keys: ["F7"],
    scope: "pane",
    enabled: listed,
    run: (side) => askName(side, "mkdir"),
  },
  {
    id: "pane.view",
    label: "View",
    menuLabel: "View in Ferry",
    keys: ["F3"],
    scope: "pane",
    enabled: (side) => current(side)?.kind === "file",
    run: (side) => void useEditorStore.getState().open(side, "view"),
  },
  {
    id: "pane.edit",
    label: "Edit",
    menuLabel: "Edit in Ferry",
    keys: ["F4"],
    scope: "pane",
    enabled: (side) => current(side)?.kind === "file",
    run: (side) => void useEditorStore.getState().open(side, "edit"),
  },
  {
    id: "pane.new-file",
    label: "New file",
    keys: ["Shift+F4"],
    scope: "pane",
    enabled: listed,
    run: (side) => askName(side, "new-file"),
  },
  {
    id: "pane.properties",
    label: "Properties",
    keys: ["F9"],
    scope: "pane",
    enabled: hasSelection,
    run: (side) => askAbout(side, "properties"),
  },
  {
    id: "pane.copy-path",
    label: "Copy path",
    keys: [],
    scope: "pane",
    enabled: hasSelection,
    run: (side) =>
      copyText(
        selection(side)
          .map((name) => joinPath(side, pane(side).path ?? "/", name))
          .join("\n"),
      ),
  },
  {
    id: "pane.copy-url",
    label: "Copy URL",
    keys: [],
    scope: "pane",
    enabled: (side) => side === "remote" && connected() && hasSelection(side),
    run: (side) => copyText(urlsOf(side)),
  },
  { id: "pane.refresh", label: "Refresh", keys: ["Ctrl+R"], scope: "pane", enabled: listed, run: (side) => void panes().refresh(side) },
  {
    id: "pane.menu",
    label: "Context menu",
    keys: ["ContextMenu", "Shift+F10"],
    scope: "pane",
    enabled: listed,
    run: (side) => {
      const row = gridOf(side)
        ?.querySelector(`[data-index="${pane(side).cursor}"]`)
        ?.getBoundingClientRect();
      usePaneMenu.getState().open(side, (row?.left ?? 0) + 40, row?.bottom ?? 0);
    },
  },
  {
    id: "pane.type-path",
    label: "Type a path",
    keys: ["Ctrl+L"],
    scope: "pane",
    // Also before the first listing has come: what is typed must not fall into the rows when it arrives.
    enabled: (side) => side === "local" || listed(side) || pane(side).loading,
    run: (side) => panes().typePath(side, pane(side).path ?? ""),
  },
  {
    id: "pane.filter",
    label: "Filter",
    keys: ["Ctrl+F"],
    scope: "pane",
    enabled: listed,
    run: (side) => document.querySelector<HTMLInputElement>(`[data-pane="${side}"] .filter-box`)?.focus(),
  },
  { id: "pane.root", label: "Root folder", keys: ["Ctrl+\\"], scope: "pane", enabled: listed, run: (side) => void panes().goRoot(side) },
  { id: "pane.back", label: "Back", keys: ["Alt+ArrowLeft"], scope: "pane", enabled: listed, run: (side) => void panes().back(side) },
  {
    id: "pane.forward",
    label: "Forward",
    keys: ["Alt+ArrowRight"],
    scope: "pane",
    enabled: listed,
    run: (side) => void panes().forward(side),
  },
  {
    id: "pane.bookmark",
    label: "Bookmark this folder",
    keys: ["Ctrl+B"],
    scope: "pane",
    enabled: listed,
    run: (side) => void useBookmarksStore.getState().toggle(side, pane(side).path ?? ""),
  },
  { id: "pane.mark-all", label: "Select all", keys: ["Ctrl+A"], scope: "pane", enabled: listed, run: (side) => panes().markAll(side) },
  {
    id: "pane.mark-mask",
    label: "Select by mask",
    keys: ["Num+"],
    scope: "pane",
    enabled: listed,
    run: (side) => dialogs().open({ kind: "mask", side, mark: true }),
  },
  {
    id: "pane.unmark-mask",
    label: "Deselect by mask",
    keys: ["Num-"],
    scope: "pane",
    enabled: listed,
    run: (side) => dialogs().open({ kind: "mask", side, mark: false }),
  },
  {
    id: "pane.invert-marks",
    label: "Invert selection",
    keys: ["Num*"],
    scope: "pane",
    enabled: listed,
    run: (side) => panes().invertMarks(side),
  },
  {
    id: "pane.toggle-mark",
    label: "Select and move down",
    keys: ["Insert", "Space"],
    scope: "pane",
    run: (side) => panes().toggleMark(side, pane(side).cursor, true),
  },
  {
    id: "pane.other",
    label: "Other pane",
    keys: ["Tab"],
    scope: "pane",
    run: (side) => {
      const other = side === "local" ? "remote" : "local";
      const grid = gridOf(other);
      if (!grid) return;
      panes().focus(other);
      grid.focus();
    },
  },
] as const satisfies readonly KeyCommand[];

/** Every command: the ones written out above, and the sorting and cursor keys made from their tables. */
export const keymap: readonly KeyCommand[] = [
  ...written,
  ...sortKeys.map(([key, column, label]): KeyCommand => ({
    id: `pane.sort-${column}`,
    label,
    keys: [key],
    scope: "pane",
    enabled: listed,
    run: (side) => panes().setSort(side, column),
  })),
  ...cursorMoves.flatMap(([key, label, to]): KeyCommand[] => [
    { id: `pane.cursor-${key}`, label, keys: [key], scope: "pane", run: (side) => panes().setCursor(side, to(side)) },
    {
      id: `pane.extend-${key}`,
      label: `Select to: ${label.toLowerCase()}`,
      keys: [`Shift+${key}`],
      scope: "pane",
      run: (side) => panes().extendTo(side, to(side)),
    },
  ]),
];

/** The ids written out above; the sorting and cursor commands are found by their keys. */
export type CommandId = (typeof written)[number]["id"];

const byId = new Map<string, KeyCommand>(keymap.map((command) => [command.id, command]));

export function command(id: CommandId): KeyCommand {
  return byId.get(id) as KeyCommand;
}

/** Numpad keys are named by where they are: Num+ selects by mask, the + on the main keyboard is a letter to type. */
const numpad: Record<string, string> = { NumpadAdd: "Num+", NumpadSubtract: "Num-", NumpadMultiply: "Num*" };

/** A key press as the keymap writes it: "Ctrl+Alt+H", "Shift+F4", "Space", "Num+". */
export function chordOf(event: Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): string {
  const key = numpad[event.code] ?? (event.key === " " ? "Space" : event.key.length === 1 ? event.key.toUpperCase() : event.key);
  const modifiers = [
    event.ctrlKey || event.metaKey ? "Ctrl" : "",
    event.altKey ? "Alt" : "",
    event.shiftKey && !numpad[event.code] ? "Shift" : "",
  ];
  return [...modifiers.filter(Boolean), key].join("+");
}

/** The command a key press means in a scope (not the scopes around it), if any. */
export function commandForKey(scope: Scope, chord: string): KeyCommand | undefined {
  return keymap.find((entry) => entry.scope === scope && entry.keys.includes(chord));
}

/**
 * Runs the command the key press means in `scope`, when it can act now. True when the key is
 * bound at all, so the caller keeps it from the browser even when the command cannot act
 * (F5 must never reload the page).
 */
export function runKey(scope: Scope, event: Parameters<typeof chordOf>[0], side: Side): boolean {
  const found = commandForKey(scope, chordOf(event));
  if (!found) return false;
  if (found.enabled?.(side) ?? true) found.run(side);
  return true;
}

/** The key shown beside a command's label, if it has one. */
export function keyLabel(entry: KeyCommand): string | undefined {
  return entry.keys[0];
}

/** The command's keys for aria-keyshortcuts: "Control+R", alternatives separated by spaces. */
export function ariaKeys(entry: KeyCommand): string | undefined {
  return entry.keys.length > 0 ? entry.keys.map((key) => key.replace(/^Ctrl\+/, "Control+")).join(" ") : undefined;
}

/** Keys bound twice where they are pressed, as "Ctrl+R in pane: pane.refresh, app.reload"; the keymap test wants none. */
export function keyClashes(commands: readonly KeyCommand[]): string[] {
  return (Object.keys(scopesSeenFrom) as Scope[]).flatMap((scope) => {
    const byKey = new Map<string, string[]>();
    for (const entry of commands.filter((c) => scopesSeenFrom[scope].includes(c.scope))) {
      for (const key of entry.keys) byKey.set(key, [...(byKey.get(key) ?? []), entry.id]);
    }
    return [...byKey].filter(([, ids]) => ids.length > 1).map(([key, ids]) => `${key} in ${scope}: ${ids.join(", ")}`);
  });
}
