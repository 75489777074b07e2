import type { externalEditContract } from "../../shared/edit";
import type { DomainHandlers } from "../router/router";
import type { ExternalEdits } from "./external-edits";

/** F4 in another program: opening, the list of watched files, Retry or Overwrite, Stop watching and Open folder. */
export function externalEditCommands(edits: ExternalEdits): DomainHandlers<typeof externalEditContract> {
  return {
    "edit.external.open": async ({ target, folder, name }) => {
      const edit = await edits.open(target, folder, name);
      return edit ? { edit } : {};
    },
    "edit.external.list": async () => ({ edits: edits.list() }),
    "edit.external.upload": async ({ editId, overwrite }) => ({ edit: await edits.upload(editId, overwrite) }),
    "edit.external.stop": async ({ editId, unsaved }) => ({ kind: await edits.stop(editId, unsaved) }),
    "edit.external.show-folder": async ({ editId }) => {
      await edits.showFolder(editId);
      return {};
    },
  };
}
