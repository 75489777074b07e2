import type { SessionInfo } from "../shared/domain";
import { hostAndPort } from "../shared/host-address";

export type NamedTab = Pick<SessionInfo, "id" | "host" | "port" | "user" | "siteName">;

/** The server a tab is connected to, as user@host:port: its tooltip, and what tells tabs of one name apart. */
export function serverOf(tab: NamedTab): string {
  return `${tab.user ? `${tab.user}@` : ""}${hostAndPort(tab.host, tab.port)}`;
}

/**
 * What each tab is called, by id, as WinSCP names its session tabs: the saved site's name, or
 * user@host for a quick connection. Tabs that would share a name but go to different servers
 * (another port, say) say which server; more tabs to the same server are numbered in the order
 * they were opened: "Backup", "Backup (2)".
 */
export function tabNames(tabs: readonly NamedTab[]): Map<string, string> {
  const plain = (tab: NamedTab) => tab.siteName ?? (tab.user ? `${tab.user}@${tab.host}` : tab.host);
  const servers = new Map<string, Set<string>>();
  for (const tab of tabs) servers.set(plain(tab), (servers.get(plain(tab)) ?? new Set()).add(serverOf(tab)));
  const named = tabs.map((tab) => {
    const name = plain(tab);
    if ((servers.get(name)?.size ?? 0) < 2) return name;
    return tab.siteName === undefined ? serverOf(tab) : `${tab.siteName} (${serverOf(tab)})`;
  });
  const seen = new Map<string, number>();
  return new Map(
    tabs.map((tab, index) => {
      const name = named[index] ?? "";
      const count = (seen.get(name) ?? 0) + 1;
      seen.set(name, count);
      return [tab.id, count === 1 ? name : `${name} (${count})`];
    }),
  );
}
