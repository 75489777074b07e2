import { useState, type FormEvent } from "react";
import type { PromptMessageOf } from "../../shared/contract";
import { hostAndPort } from "../../shared/host-address";
import { usePromptStore } from "../stores/prompt-store";
import { ModalDialog } from "./ModalDialog";

type PasswordPrompt = PromptMessageOf<"sessions.password">;

/**
 * Asks for the password of a user who gave none; Cancel (or Escape) stops connecting. "Remember
 * for this session" (WinSCP's) keeps it in main's memory until Ferry exits, for new tabs to the same server.
 */
export function PasswordDialog({ prompt }: { prompt: PasswordPrompt }) {
  const answer = usePromptStore((state) => state.answer);
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    answer(prompt, { password, remember });
  }

  const { user, host, port } = prompt.payload;
  return (
    <ModalDialog labelledBy="password-title" onCancel={() => answer(prompt, null)}>
      <form onSubmit={onSubmit}>
        <h2 id="password-title">Password</h2>
        <p>
          Enter the password for {user} on {hostAndPort(host, port)}.
        </p>
        <label>
          Password
          <input type="password" value={password} maxLength={1024} onChange={(e) => setPassword(e.target.value)} autoFocus />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember for this session
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
