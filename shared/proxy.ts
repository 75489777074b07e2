/**
 * The proxy Ferry connects through (a preference, one for all sites): SOCKS5 or HTTP CONNECT,
 * for the control connection and every data connection alike. A site can stay off it ("Don't
 * use the proxy for this site", the site's `noProxy`). The proxy's password is a secret like a
 * site's: it goes into main and never comes back; the renderer only learns that one is saved.
 */
import { z } from "zod";
import { SecretChangeSchema } from "./site";

export const proxyKinds = ["none", "socks5", "http"] as const;
export const ProxyKindSchema = z.enum(proxyKinds);
export type ProxyKind = z.infer<typeof ProxyKindSchema>;

export const proxyKindLabels: Record<ProxyKind, string> = {
  none: "No proxy",
  socks5: "SOCKS5",
  http: "HTTP (CONNECT)",
};

/** The ports proxies of each kind usually listen on, shown when the port is left empty. */
export const defaultProxyPorts: Record<Exclude<ProxyKind, "none">, number> = { socks5: 1080, http: 8080 };

/** The proxy settings, without the password. */
export const ProxySettingsSchema = z
  .object({
    kind: ProxyKindSchema.default("none"),
    host: z.string().trim().max(253).default(""),
    /** Unset: the kind's usual port (`defaultProxyPorts`). */
    port: z.number().int().min(1).max(65535).optional(),
    /** Empty: the proxy asks for no login. */
    user: z.string().max(255).default(""),
    /**
     * SOCKS5 only: send the server's name to the proxy, which looks it up ("DNS through the
     * proxy"), instead of looking it up here. An HTTP proxy is always sent the name.
     */
    resolveOnProxy: z.boolean().default(true),
  })
  .refine((settings) => settings.kind === "none" || settings.host !== "", { message: "Enter the proxy's host name", path: ["host"] });
export type ProxySettings = z.infer<typeof ProxySettingsSchema>;

export const ProxyViewSchema = z.object({
  settings: ProxySettingsSchema,
  passwordSaved: z.boolean(),
  /** Whether saved passwords are encrypted by the OS; when not, the password is not offered to be saved. */
  passwordStorage: z.object({ secure: z.boolean(), description: z.string() }),
});
export type ProxyView = z.infer<typeof ProxyViewSchema>;

export const proxyContract = {
  commands: {
    "proxy.get": { request: z.object({}), response: ProxyViewSchema },
    "proxy.set": {
      request: z.object({ settings: ProxySettingsSchema, password: SecretChangeSchema(z.string().max(1024)) }),
      response: ProxyViewSchema,
    },
  },
} as const;
