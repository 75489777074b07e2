import { create } from "zustand";
import { defaultPort, type EncryptionMode, type SessionInfo } from "../../shared/domain";

/** Quick connect's fields that follow the active tab; the password is never kept. */
export interface QuickConnectFields {
  host: string;
  /** As typed: empty means the encryption mode's default port. */
  port: string;
  user: string;
  encryption: EncryptionMode;
}

interface QuickConnectStore extends QuickConnectFields {
  /** Typed into since they last showed a tab's server or were sent: a connection that opens then leaves them alone. */
  edited: boolean;
  edit(fields: Partial<QuickConnectFields>): void;
  /** The fields were sent to connect. */
  sent(): void;
  /** Shows a tab's server in the fields. */
  follow(session: SessionInfo): void;
  /** Empties the fields for a new connection ("+" on the tab bar), keeping the encryption chosen. */
  blank(): void;
}

/** The fields for a session: its default port stays empty, as the user would have left it. */
export function fieldsOf(session: SessionInfo): QuickConnectFields {
  return {
    host: session.host,
    port: session.port === defaultPort(session.encryption) ? "" : String(session.port),
    user: session.user,
    encryption: session.encryption,
  };
}

export const useQuickConnect = create<QuickConnectStore>((set) => ({
  host: "",
  port: "",
  user: "",
  encryption: "explicit-required",
  edited: false,
  edit: (fields) => set({ ...fields, edited: true }),
  sent: () => set({ edited: false }),
  follow: (session) => set({ ...fieldsOf(session), edited: false }),
  blank: () => set({ host: "", port: "", user: "", edited: false }),
}));

/** The Host field's id: "+" on the tab bar and the keyboard put the focus there. */
export const quickConnectHostId = "quick-connect-host";
