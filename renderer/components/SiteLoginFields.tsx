import { AccountSchema, PostLoginCommandsSchema } from "../../shared/login-commands";
import type { SiteSettings } from "../../shared/site";

/** The account and the commands after login as the form holds them: the commands as typed, one a line. */
export interface LoginFields {
  account: string;
  commands: string;
}

export function loginFieldsOf(site: Pick<SiteSettings, "account" | "postLoginCommands">): LoginFields {
  return { account: site.account, commands: site.postLoginCommands.join("\n") };
}

const commandLines = (commands: string) =>
  commands
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** What the fields save: blank lines are dropped, and so is the space around each command. */
export function loginSettingsOf(fields: LoginFields): Pick<SiteSettings, "account" | "postLoginCommands"> {
  return { account: fields.account.trim(), postLoginCommands: commandLines(fields.commands) };
}

/** Why the fields cannot be saved, or undefined when they can. */
function problemOf(fields: LoginFields): string | undefined {
  const account = AccountSchema.safeParse(fields.account.trim());
  if (!account.success) return account.error.issues[0]?.message;
  const commands = PostLoginCommandsSchema.safeParse(commandLines(fields.commands));
  return commands.success ? undefined : commands.error.issues[0]?.message;
}

export function loginFieldsValid(fields: LoginFields): boolean {
  return problemOf(fields) === undefined;
}

/**
 * FileZilla's "Account" (its logon type of that name) and "Post-login commands": the account is
 * sent with ACCT only when the server asks for one; the commands, one a line, go to the server
 * after every login, browsing and transfer connections alike, each with its reply in the log.
 */
export function SiteLoginFields({ value, onChange }: { value: LoginFields; onChange(next: LoginFields): void }) {
  const problem = problemOf(value);
  return (
    <>
      <label>
        Account
        <input
          value={value.account}
          onChange={(e) => onChange({ ...value, account: e.target.value })}
          spellCheck={false}
          autoComplete="off"
          placeholder="only for servers that ask for one (ACCT)"
        />
      </label>
      <label>
        Commands after login
        <textarea
          value={value.commands}
          onChange={(e) => onChange({ ...value, commands: e.target.value })}
          rows={3}
          className="mono"
          spellCheck={false}
          placeholder="SITE UMASK 002"
          aria-invalid={problem !== undefined}
          aria-describedby="site-login-commands-help"
        />
      </label>
      <p className="field-help" id="site-login-commands-help">
        One command a line, sent on every connection after login; the log shows each reply. A command the server refuses is logged and the
        connection goes on.
      </p>
      {problem ? <p className="field-help field-error">{problem}</p> : null}
    </>
  );
}
