import { create } from "zustand";
import {
  PromptAnswerRequestSchema,
  type PromptAnswer,
  type PromptMessage,
  type PromptMessageOf,
  type PromptName,
} from "../../shared/contract";
import { bridge } from "../transport/bridge";

interface PromptStore {
  /** Prompts wait in line; the dialog shows the first. */
  queue: PromptMessage[];
  push(prompt: PromptMessage): void;
  /** A prompt ended (answered here or in another window, timed out, cancelled): its dialog goes. */
  close(promptId: string): void;
  answer<P extends PromptName>(prompt: PromptMessageOf<P>, answer: PromptAnswer<P>): void;
}

export const usePromptStore = create<PromptStore>((set, get) => ({
  queue: [],
  push(prompt) {
    // A prompt raised while the page connected arrives both as a message and in the list of open ones.
    if (get().queue.some((queued) => queued.promptId === prompt.promptId)) return;
    set({ queue: [...get().queue, prompt] });
  },
  close(promptId) {
    set({ queue: get().queue.filter((prompt) => prompt.promptId !== promptId) });
  },
  answer(prompt, answer) {
    // Checked as main will check it; one that does not fit (a password over the limit) keeps the dialog open.
    const request = PromptAnswerRequestSchema.safeParse({ channel: prompt.channel, promptId: prompt.promptId, answer });
    if (!request.success) return;
    get().close(prompt.promptId);
    void bridge.invoke("prompts.answer", request.data);
  },
}));
