import type { ReactNode } from "react";
import type { PromptMessage, PromptMessageOf, PromptName } from "../../shared/contract";
import { CertificateDialog } from "./CertificateDialog";
import { OverwriteDialog } from "./OverwriteDialog";
import { PasswordDialog } from "./PasswordDialog";

type DialogOf<P extends PromptName> = (props: { prompt: PromptMessageOf<P> }) => ReactNode;

/** The dialog of every prompt: a prompt main can raise without a dialog here does not compile. */
const promptDialogs: { [P in PromptName]: DialogOf<P> } = {
  "sessions.password": PasswordDialog,
  "trust.certificate": CertificateDialog,
  "transfers.overwrite": OverwriteDialog,
};

function dialogOf<P extends PromptName>(prompt: PromptMessageOf<P>): ReactNode {
  const Dialog: DialogOf<P> = promptDialogs[prompt.channel];
  return <Dialog key={prompt.promptId} prompt={prompt} />;
}

/** Shows the prompt's own dialog; a new prompt gets a fresh dialog (keyed by its id). */
export function PromptDialog({ prompt }: { prompt: PromptMessage }) {
  return dialogOf(prompt);
}
