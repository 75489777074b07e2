/**
 * How data connections are made. Passive mode (the default): Ferry connects to the server. Active
 * mode: Ferry listens and the server connects back (EPRT, or PORT on old servers), for servers
 * that only do active mode. The site chooses the mode; the preferences hold what is global, as
 * FileZilla's "Active mode" and "FTP: Passive mode" settings do.
 */
import { z } from "zod";

export const dataConnectionModes = ["passive", "active"] as const;
export const DataConnectionModeSchema = z.enum(dataConnectionModes);
export type DataConnectionMode = z.infer<typeof DataConnectionModeSchema>;

/** An IPv4 or IPv6 address literal, as PORT and EPRT name one. */
const AddressSchema = z.union([z.ipv4(), z.ipv6()]);

/** The global settings, as preference fields (they live with the transfer preferences). */
export const activeModePreferenceFields = {
  /** FileZilla's "Limit local ports used by FileZilla": active mode listens only on ports in this range. */
  activePortsLimited: z.boolean(),
  activePortFrom: z.number().int().min(1024).max(65535),
  activePortTo: z.number().int().min(1024).max(65535),
  /**
   * The address the server is told to connect back to: "system", the control connection's own
   * local address (FileZilla's "Ask your operating system for the external IP address"), or
   * `activeAddress` ("Use the following IP address"), for a router that forwards the ports.
   */
  activeAddressFrom: z.enum(["system", "fixed"]),
  activeAddress: z.union([AddressSchema, z.literal("")]),
  /** FileZilla's "If the default transfer mode fails, try the other one": when it helped, the saved site keeps the mode that worked. */
  tryOtherDataMode: z.boolean(),
};

export const activeModePreferenceDefaults = {
  activePortsLimited: false,
  activePortFrom: 50000,
  activePortTo: 51000,
  activeAddressFrom: "system",
  activeAddress: "",
  tryOtherDataMode: true,
} as const;

export type ActiveModePreferences = z.infer<z.ZodObject<typeof activeModePreferenceFields>>;

/** The preference fields with their defaults, for the schema a preferences file is read with (an older file gets them). */
export const activeModePreferenceFieldsWithDefaults = {
  activePortsLimited: activeModePreferenceFields.activePortsLimited.default(activeModePreferenceDefaults.activePortsLimited),
  activePortFrom: activeModePreferenceFields.activePortFrom.default(activeModePreferenceDefaults.activePortFrom),
  activePortTo: activeModePreferenceFields.activePortTo.default(activeModePreferenceDefaults.activePortTo),
  activeAddressFrom: activeModePreferenceFields.activeAddressFrom.default(activeModePreferenceDefaults.activeAddressFrom),
  activeAddress: activeModePreferenceFields.activeAddress.default(activeModePreferenceDefaults.activeAddress),
  tryOtherDataMode: activeModePreferenceFields.tryOtherDataMode.default(activeModePreferenceDefaults.tryOtherDataMode),
};

/** As the site form offers the modes. */
export const dataConnectionModeOptions = [
  { value: "passive", label: "Passive (Ferry connects to the server)" },
  { value: "active", label: "Active (the server connects back to Ferry)" },
] as const satisfies readonly { value: DataConnectionMode; label: string }[];
