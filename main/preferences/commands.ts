import type { preferencesContract } from "../../shared/preferences";
import type { DomainHandlers } from "../router/router";
import type { PreferencesStore } from "../settings/preferences-store";

export function preferencesCommands(preferences: PreferencesStore): DomainHandlers<typeof preferencesContract> {
  return {
    "preferences.get": () => preferences.get(),
    "preferences.set": (change) => preferences.set(change),
  };
}
