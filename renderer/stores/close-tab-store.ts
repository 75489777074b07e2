import { create } from "zustand";
import type { SessionInfo } from "../../shared/domain";
import { useEditorStore } from "./editor-store";
import { useExternalEditStore } from "./external-edit-store";
import { siteOf, useSessionStore } from "./session-store";
import { useTransferStore } from "./transfer-store";

/** What a tab's close would end: transfers, files edited in Ferry and not saved, copies edited elsewhere and not uploaded. */
export interface CloseTabQuestion {
  sessionId: string;
  transfers: number;
  unsaved: number;
  notUploaded: number;
}

interface CloseTabState {
  /** A tab whose close waits for the user: one question for everything the close would end. */
  asking: CloseTabQuestion | undefined;
  /** Closes a tab, asking first when transfers to its server are still queued or running, or its edits are not on the server. */
  request(sessionId: string): void;
  confirm(): Promise<void>;
  cancel(): void;
}

/** Jobs still queued or running for a tab's server. */
function unsettledJobs(tab: SessionInfo): number {
  return useTransferStore.getState().summary.unsettledBySite[siteOf(tab)] ?? 0;
}

/** Transfers left to do for a tab's server, unless another tab is open to the same server. */
function pendingTransfers(sessionId: string): number {
  const { tabs } = useSessionStore.getState();
  const tab = tabs.find((t) => t.id === sessionId);
  if (!tab || tabs.some((t) => t.id !== sessionId && siteOf(t) === siteOf(tab))) return 0;
  return unsettledJobs(tab);
}

/** The tab's files close with it: once its session is gone they could no longer be saved. */
async function close(sessionId: string): Promise<void> {
  useEditorStore.getState().closeSession(sessionId);
  await useSessionStore.getState().disconnect(sessionId);
}

export const useCloseTab = create<CloseTabState>((set, get) => ({
  asking: undefined,
  request(sessionId) {
    const question: CloseTabQuestion = {
      sessionId,
      transfers: pendingTransfers(sessionId),
      unsaved: useEditorStore.getState().unsavedIn(sessionId),
      notUploaded: useExternalEditStore.getState().pendingIn(sessionId),
    };
    if (question.transfers + question.unsaved + question.notUploaded > 0) set({ asking: question });
    else void close(sessionId);
  },
  async confirm() {
    const asking = get().asking;
    set({ asking: undefined });
    if (!asking) return;
    const tab = useSessionStore.getState().tabs.find((t) => t.id === asking.sessionId);
    if (tab && unsettledJobs(tab) > 0) await useTransferStore.getState().cancelSite(siteOf(tab));
    await close(asking.sessionId);
  },
  cancel() {
    set({ asking: undefined });
  },
}));
