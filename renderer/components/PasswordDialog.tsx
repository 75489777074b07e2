import { useState, type FormEvent } from "react";
import type { PromptMessage } from "../../shared/contract";
import { usePromptStore } from "../stores/prompt-store";
import { ModalDialog } from "./ModalDialog";

type PasswordPrompt = Extract<PromptMessage, { channel: "sessions.password" }>;

/** Asks for the password of a user who gave none; Cancel (or Escape) stops connecting. */
export function PasswordDialog({ prompt }: { prompt: PasswordPrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const [password, setPassword] = useState("");

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    answer(prompt.promptId, { password });
  }

  const { user, host, port } = prompt.payload;
  return (
    <ModalDialog labelledBy="password-title" onCancel={() => answer(prompt.promptId, null)}>
      <form onSubmit={onSubmit}>
        <h2 id="password-title">Password</h2>
        <p>
          Enter the password for {user} on {host}:{port}.
        </p>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
        </label>
        <div className="dialog-buttons">
          <button type="submit">OK</button>
          <button type="button" onClick={() => answer(prompt.promptId, null)}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
