import { create } from "zustand";
import type { PromptMessage } from "../../shared/contract";
import { bridge } from "../transport/bridge";

interface PromptStore {
  /** Prompts wait in line; the dialog shows the first. */
  queue: PromptMessage[];
  push(prompt: PromptMessage): void;
  answer(promptId: string, answer: unknown): void;
}

export const usePromptStore = create<PromptStore>((set, get) => ({
  queue: [],
  push(prompt) {
    set({ queue: [...get().queue, prompt] });
  },
  answer(promptId, answer) {
    set({ queue: get().queue.filter((prompt) => prompt.promptId !== promptId) });
    void bridge.invoke("prompts.answer", { promptId, answer });
  },
}));
