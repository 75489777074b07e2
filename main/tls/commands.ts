import type { trustContract } from "../../shared/certificate";
import type { DomainHandlers } from "../router/router";
import type { TrustStore } from "./trust-store";

/** The `trust.*` commands: the certificates the user chose to always trust. */
export function trustCommands(trustStore: TrustStore): DomainHandlers<typeof trustContract> {
  return {
    "trust.list": () => trustStore.list(),
    "trust.remove": async ({ host, port }) => {
      await trustStore.remove(host, port);
      return {};
    },
  };
}
