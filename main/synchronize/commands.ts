import type { synchronizeContract } from "../../shared/synchronize";
import type { DomainHandlers } from "../router/router";
import type { SynchronizeService } from "./synchronize-service";

/** Synchronize: compare and plan (stoppable), start the rows kept, or forget a plan whose checklist was closed. */
export function synchronizeCommands(service: SynchronizeService): DomainHandlers<typeof synchronizeContract> {
  return {
    "synchronize.compare": ({ syncId, options }) => service.compare(syncId, options),
    "synchronize.cancel": async ({ syncId }) => {
      service.cancel(syncId);
      return {};
    },
    "synchronize.start": async ({ planId, actionIds }) => ({ queued: await service.start(planId, actionIds) }),
    "synchronize.discard": async ({ planId }) => {
      service.discard(planId);
      return {};
    },
  };
}
