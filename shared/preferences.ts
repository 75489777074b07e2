/** Preferences: today the transfer settings (their schema lives with the transfers it governs). */
import { z } from "zod";
import { PreferencesChangeSchema, TransferPreferencesSchema } from "./transfer";

export const preferencesContract = {
  commands: {
    "preferences.get": { request: z.object({}), response: TransferPreferencesSchema },
    /** Names only what changes; the answer is the whole set after the change. */
    "preferences.set": { request: PreferencesChangeSchema, response: TransferPreferencesSchema },
  },
} as const;
