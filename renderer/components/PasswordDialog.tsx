import { useState, type FormEvent } from "react";
import type { PromptMessageOf } from "../../shared/contract";
import { usePromptStore } from "../stores/prompt-store";
import { ModalDialog } from "./ModalDialog";

type PasswordPrompt = PromptMessageOf<"sessions.password">;

/** Asks for the password of a user who gave none; Cancel (or Escape) stops connecting. */
export function PasswordDialog({ prompt }: { prompt: PasswordPrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const [password, setPassword] = useState("");

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    answer(prompt, { password });
  }

  const { user, host, port } = prompt.payload;
  return (
    <ModalDialog labelledBy="password-title" onCancel={() => answer(prompt, null)}>
      <form onSubmit={onSubmit}>
        <h2 id="password-title">Password</h2>
        <p>
          Enter the password for {user} on {host}:{port}.
        </p>
        <label>
          Password
          <input type="password" value={password} maxLength={1024} onChange={(e) => setPassword(e.target.value)} autoFocus />
        </label>
        <div className="dialog-buttons">
          <button type="submit">OK</button>
          <button type="button" onClick={() => answer(prompt, null)}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
