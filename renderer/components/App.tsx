import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties } from "react";
import type { ConnectRequest } from "../../shared/domain";
import { usePanesStore } from "../stores/panes-store";
import { usePromptStore } from "../stores/prompt-store";
import { useSessionStore } from "../stores/session-store";
import { useLogStore } from "../stores/log-store";
import { useKeepStore } from "../stores/keep-store";
import { useSitesStore } from "../stores/sites-store";
import { useTransferStore } from "../stores/transfer-store";
import { bridge, call } from "../transport/bridge";
import { useSynchronizeStore } from "../stores/synchronize-store";
import { useEditorStore } from "../stores/editor-store";
import { useExternalEditStore } from "../stores/external-edit-store";
import { tooBigToDragOut, useDragStore } from "../stores/drag-store";
import { runKey } from "../keymap";
import { CommandButton } from "./CommandButton";
import { DragBadge } from "./DragBadge";
import { EditorDialogs } from "./EditorDialogs";
import { EditorTabs } from "./EditorTabs";
import { EditSettings } from "./EditSettings";
import { ExternalEditsBar } from "./ExternalEditsBar";
import { ErrorBanner } from "./ErrorBanner";
import { FilePane } from "./FilePane";
import { FileCommands } from "./FileCommands";
import { KeepUpToDateDialog } from "./KeepUpToDateDialog";
import { LogPanel } from "./LogPanel";
import { MoreCommands } from "./MoreCommands";
import { NoticeBar } from "./NoticeBar";
import { PaneDialogs } from "./PaneDialogs";
import { SynchronizeDialogs } from "./SynchronizeDialogs";
import { PromptDialog } from "./prompt-dialogs";
import { ProxyDialog } from "./ProxyDialog";
import { PaneMenu } from "./PaneMenu";
import { QueuePanel } from "./QueuePanel";
import { SiteManagerDialog } from "./SiteManagerDialog";
import { QuickConnectBar } from "./QuickConnectBar";
import { Splitter } from "./Splitter";
import { StatusBar } from "./StatusBar";
import { useLayoutStore } from "../stores/layout-store";
import { TabBar } from "./TabBar";
import { TrustedCertificatesDialog } from "./TrustedCertificatesDialog";
import { WalkProgress } from "./WalkProgress";

/** The editor and CodeMirror come with the first file opened (F3, F4), not with the window. */
const EditorPanel = lazy(() => import("./EditorPanel"));

/** Connects to a server Ferry was started with (or started again with), the password asked for, and shows it. */
async function openConnection(request: ConnectRequest): Promise<void> {
  const opened = await useSessionStore.getState().connect(request);
  if (opened) await usePanesStore.getState().showSession(opened.startPath);
}

export function App() {
  const connected = useSessionStore((state) => state.session !== undefined);
  const prompt = usePromptStore((state) => state.queue[0]);
  const [showTrusted, setShowTrusted] = useState(false);
  const [showProxy, setShowProxy] = useState(false);
  const siteManagerOpen = useSitesStore((state) => state.open);
  const keepOpen = useKeepStore((state) => state.open);
  const logVisible = useLogStore((state) => state.visible);
  const { split, queueHeight, logHeight } = useLayoutStore();
  const editing = useEditorStore((state) => state.showing);
  const wasEditing = useRef(false);

  // Back from the editor (a file closed, Files chosen): the keyboard goes to the pane it left, unless it is on the file tabs.
  useEffect(() => {
    if (wasEditing.current && !editing && !document.activeElement?.closest(".editor-tabs"))
      document.querySelector<HTMLElement>(`[data-pane="${usePanesStore.getState().focused}"] [role=grid]`)?.focus();
    wasEditing.current = editing;
  }, [editing]);

  useEffect(() => {
    const unsubscribe = bridge.subscribe((message) => {
      if (message.kind === "prompt") {
        usePromptStore.getState().push(message);
      } else if (message.channel === "prompts.closed") {
        usePromptStore.getState().close(message.payload.promptId);
      } else if (message.channel === "files.delete-progress") {
        usePanesStore.getState().deleteProgress(message.payload);
      } else if (message.channel === "sessions.log-appended") {
        useLogStore.getState().append(message.payload);
      } else if (message.channel === "app.open-connection") {
        void openConnection(message.payload.connection);
      } else if (message.channel === "transfers.changed") {
        useTransferStore.getState().apply(message.payload);
      } else if (message.channel === "sessions.state") {
        useSessionStore.getState().connectionChanged(message.payload.sessionId, message.payload.connection);
      } else if (message.channel === "sessions.attempts") {
        useLogStore.getState().setAttempts(message.payload.attempts);
      } else if (message.channel === "keep.log") {
        useKeepStore.getState().logged(message.payload);
      } else if (message.channel === "keep.stopped") {
        useKeepStore.getState().stopped(message.payload);
      } else if (message.channel === "edit.external.changed") {
        useExternalEditStore.getState().changed(message.payload.edits);
      }
    });
    void useTransferStore.getState().load();
    // Files a page before this one (a reload) opened in other programs are still watched.
    void useExternalEditStore
      .getState()
      .load()
      .catch(() => undefined);
    // Questions main asked before this page connected (the queue's, after a reload) are still open.
    void call("prompts.list", {}).then(
      ({ prompts }) => prompts.forEach((prompt) => usePromptStore.getState().push(prompt)),
      () => undefined,
    );
    // The window's keys (F5, F6, Ctrl+S …) work wherever the focus is, outside dialogs.
    const onKey = (event: KeyboardEvent) => {
      // The editor has keys of its own (Ctrl+S saves there, not the site manager's).
      if (document.querySelector("dialog[open]") || useEditorStore.getState().showing) return;
      if (runKey("app", event, usePanesStore.getState().focused)) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    // A drop the panes did not take does nothing: without this a browser would open a dropped file in place of Ferry.
    const refuseStrayDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !event.dataTransfer) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "none";
    };
    // A drag the desktop finished outside the window leaves no dragend here; the next plain mouse move ends it.
    const endStaleDrag = (event: MouseEvent) => {
      if (event.buttons === 0 && useDragStore.getState().drag) useDragStore.getState().end();
    };
    // Server items too big to copy for the desktop cannot leave the window: say where they can go.
    const leaveWindow = (event: DragEvent) => {
      const drags = useDragStore.getState();
      if (event.relatedTarget !== null || !drags.canDragOut || drags.drag?.side !== "remote") return;
      drags.setHover(undefined);
      usePanesStore.getState().showError("remote", tooBigToDragOut(useTransferStore.getState().preferences?.dragOutLimit ?? 0));
    };
    // Leaving the page (a reload in the web host, closing the window) would lose text not yet saved, or not yet uploaded from another program.
    const keepUnsaved = (event: BeforeUnloadEvent) => {
      if (useEditorStore.getState().anyDirty() || useExternalEditStore.getState().anyPending()) event.preventDefault();
    };
    window.addEventListener("beforeunload", keepUnsaved);
    window.addEventListener("dragover", refuseStrayDrop);
    window.addEventListener("mousemove", endStaleDrag);
    document.addEventListener("dragleave", leaveWindow);
    void call("app.info", {}).then(
      async (info) => {
        useDragStore.setState({ canDragOut: info.canDragOut });
        useSynchronizeStore.setState({ hasTrash: info.hasTrash });
        useExternalEditStore.setState({ available: info.canOpenExternally });
        await usePanesStore.getState().load("local", info.homePath);
        // Started with an ftp:// URL: connect to it (the password is asked for).
        if (info.startConnection) await openConnection(info.startConnection);
      },
      () => undefined,
    );
    return () => {
      unsubscribe();
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("beforeunload", keepUnsaved);
      window.removeEventListener("dragover", refuseStrayDrop);
      window.removeEventListener("mousemove", endStaleDrag);
      document.removeEventListener("dragleave", leaveWindow);
    };
  }, []);

  return (
    <div
      className="app"
      style={
        {
          "--split-local": `${split}fr`,
          "--split-remote": `${1 - split}fr`,
          "--queue-height": `${queueHeight}px`,
          "--log-height": `${logHeight}px`,
        } as CSSProperties
      }
    >
      <header className="toolbar">
        <h1 className="visually-hidden">Ferry</h1>
        <QuickConnectBar />
      </header>
      <nav className="command-bar" aria-label="Commands">
        <CommandButton id="sites.show" aria-haspopup="dialog" />
        <CommandButton id="sites.save-session" />
        <CommandButton id="transfers.copy" />
        <CommandButton id="transfers.move" />
        <FileCommands />
        <MoreCommands onTrustedCertificates={() => setShowTrusted(true)} onProxy={() => setShowProxy(true)} />
        <span className="command-spacer" />
        <EditSettings />
      </nav>
      <NoticeBar />
      <ErrorBanner />
      <TabBar />
      <EditorTabs />
      <ExternalEditsBar />
      {editing ? (
        <Suspense fallback={<main className="editor-area" aria-label="Editor" aria-busy="true" />}>
          <EditorPanel />
        </Suspense>
      ) : null}
      <main className="panes" hidden={editing}>
        <FilePane side="local" title="Local" />
        <Splitter what="split" label="Width of the Local and Remote panes" />
        <FilePane
          side="remote"
          title="Remote"
          placeholder={connected ? undefined : "Not connected. Use Quick connect above to open a server."}
        />
      </main>
      {/* Lays out as if it were not there (display: contents); it holds the splitters in a landmark with their panels. */}
      <section className="lower-panels" aria-label="Queue and log panels">
        {logVisible ? <Splitter what="logHeight" label="Height of the session log" /> : null}
        <LogPanel />
        <WalkProgress />
        <Splitter what="queueHeight" label="Height of the transfer queue" />
        <QueuePanel />
      </section>
      <StatusBar />
      {prompt ? <PromptDialog prompt={prompt} /> : null}
      {showTrusted ? <TrustedCertificatesDialog onClose={() => setShowTrusted(false)} /> : null}
      {showProxy ? <ProxyDialog onClose={() => setShowProxy(false)} /> : null}
      {siteManagerOpen ? <SiteManagerDialog /> : null}
      {keepOpen ? <KeepUpToDateDialog /> : null}
      <PaneDialogs />
      <EditorDialogs />
      <SynchronizeDialogs />
      <PaneMenu />
      <DragBadge />
    </div>
  );
}
