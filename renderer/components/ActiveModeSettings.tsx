import { activeModePreferenceFields } from "../../shared/active-mode";
import type { TransferPreferences } from "../../shared/transfer";
import { PreferenceField } from "./PreferenceField";

const portAccepted = (text: string) => activeModePreferenceFields.activePortFrom.safeParse(Number(text)).success && /^\d+$/.test(text);
const addressAccepted = (text: string) => text !== "" && activeModePreferenceFields.activeAddress.safeParse(text).success;

/**
 * FileZilla's connection settings for data connections, among the queue's settings: trying the
 * other mode when the site's fails, and, for active mode, the local ports Ferry listens on and
 * the address it tells the server.
 */
export function ActiveModeSettings({
  preferences,
  set,
}: {
  preferences: TransferPreferences;
  set(change: Partial<TransferPreferences>): void;
}) {
  return (
    <>
      <label
        className="checkbox"
        title="When passive mode fails, active mode is tried (and the other way round); a saved site keeps the mode that worked"
      >
        <input type="checkbox" checked={preferences.tryOtherDataMode} onChange={(e) => set({ tryOtherDataMode: e.target.checked })} />
        If the default mode fails, try the other
      </label>
      <label className="checkbox" title="Active mode listens only on local ports in this range, for a firewall that lets only those in">
        <input type="checkbox" checked={preferences.activePortsLimited} onChange={(e) => set({ activePortsLimited: e.target.checked })} />
        Limit local ports used by Ferry
      </label>
      {preferences.activePortsLimited
        ? (["activePortFrom", "activePortTo"] as const).map((key) => (
            <PreferenceField
              key={key}
              label={key === "activePortFrom" ? "Lowest port" : "Highest port"}
              title="A port from 1024 to 65535"
              shown={String(preferences[key])}
              placeholder={key === "activePortFrom" ? "50000" : "51000"}
              accepts={portAccepted}
              problemOf={(text) => (portAccepted(text) ? undefined : "A port is a number from 1024 to 65535.")}
              onSet={(text) => set({ [key]: Number(text) })}
            />
          ))
        : null}
      <label title="The address the server connects back to in active mode">
        Active mode address
        <select
          value={preferences.activeAddressFrom}
          onChange={(e) => set({ activeAddressFrom: e.target.value === "fixed" ? "fixed" : "system" })}
        >
          <option value="system">Get external IP from the system</option>
          <option value="fixed">Use the following IP address</option>
        </select>
      </label>
      {preferences.activeAddressFrom === "fixed" ? (
        <PreferenceField
          label="IP address"
          title="Your router's public address, when it forwards the ports above to this computer"
          shown={preferences.activeAddress}
          placeholder="203.0.113.5"
          wide
          accepts={addressAccepted}
          problemOf={(text) => (addressAccepted(text) ? undefined : "Enter an IPv4 or IPv6 address, such as 203.0.113.5.")}
          onSet={(text) => set({ activeAddress: text })}
        />
      ) : null}
    </>
  );
}
