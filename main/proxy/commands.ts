import type { proxyContract } from "../../shared/proxy";
import type { DomainHandlers } from "../router/router";
import type { ProxyStore } from "./proxy-store";

/** The proxy preference: read and changed; its password goes in and never comes back. */
export function proxyCommands(proxy: ProxyStore): DomainHandlers<typeof proxyContract> {
  return {
    "proxy.get": () => proxy.view(),
    "proxy.set": ({ settings, password }) => proxy.set(settings, password),
  };
}
