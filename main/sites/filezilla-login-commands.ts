import { maxPostLoginCommands, PostLoginCommandSchema } from "../../shared/login-commands";

/**
 * FileZilla's `<PostLoginCommands>` as a site's commands after login: one `<Command>` each, as
 * its xmlfunctions.cpp writes them. Those Ferry cannot take (past its most, too long) are
 * counted, for the import's notes; empty ones are nothing to miss.
 */
export function postLoginCommandsOf(element: unknown): { commands: string[]; left: number } {
  const listed = typeof element === "object" && element !== null && "Command" in element ? element.Command : [];
  const given = (Array.isArray(listed) ? listed : [listed])
    .map((command) => (typeof command === "string" || typeof command === "number" ? String(command).trim() : ""))
    .filter((command) => command !== "");
  const commands = given
    .flatMap((command) => {
      const parsed = PostLoginCommandSchema.safeParse(command);
      return parsed.success ? [parsed.data] : [];
    })
    .slice(0, maxPostLoginCommands);
  return { commands, left: given.length - commands.length };
}
