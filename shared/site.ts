/**
 * Saved sites as the renderer sees them. Secrets (the password, a client certificate and its
 * passphrase) go into main and never come back: the renderer only learns whether one is saved.
 */
import { z } from "zod";
import { DataConnectionModeSchema } from "./active-mode";
import { ClientCertificateSchema, TlsOptionsSchema } from "./certificate";
import { defaultKeepAliveSeconds, EncryptionModeSchema, HostSchema, PathSchema, SessionInfoSchema } from "./domain";
import { AccountSchema, PostLoginCommandsSchema } from "./login-commands";
import { FixedEncodingSchema, ServerEncodingSchema } from "./server-encoding";
import { ServerTimeOffsetSchema } from "./server-time-zone";
import { TransferOverridesSchema } from "./transfer";

export const siteColours = ["none", "red", "orange", "yellow", "green", "blue", "purple"] as const;

/** The longest file `sites.import` takes, in UTF-16 code units (a 17 MB FileZilla `sitemanager.xml` fits). */
export const maxImportCharacters = 20_000_000;

const IdSchema = z.string().min(1).max(64);

/** A site's settings, without its secrets. */
export const SiteSettingsSchema = z.object({
  name: z.string().trim().min(1, "Give the site a name").max(200),
  host: HostSchema,
  port: z.number().int().min(1).max(65535).optional(),
  encryption: EncryptionModeSchema.default("explicit-required"),
  user: z.string().max(256).default(""),
  /** Sent with ACCT when the server asks for one; "": none. */
  account: AccountSchema.default(""),
  /** Raw commands sent after login on every connection. */
  postLoginCommands: PostLoginCommandsSchema.default([]),
  initialRemotePath: PathSchema.optional(),
  initialLocalPath: PathSchema.optional(),
  /** "control": connect data connections to the control connection's host, whatever PASV says. */
  passiveHost: z.enum(["server", "control"]).default("server"),
  /** "Don't use the proxy for this site": connect directly even when a proxy is set (shared/proxy.ts). */
  noProxy: z.boolean().default(false),
  /** Passive, or active for a server that only connects back; set by Ferry too when the other mode was tried and worked. */
  dataConnectionMode: DataConnectionModeSchema.default("passive"),
  /** Transfers at once for this site; the preference applies when unset. */
  parallel: z.number().int().min(1).max(10).optional(),
  /** Connections to the server at once, browsing included (FileZilla's "Limit number of simultaneous connections"); unset: no limit. */
  maxConnections: z.number().int().min(1).max(10).optional(),
  /** Transfer settings of this site's own; the preferences apply to what it leaves unset. */
  transfers: TransferOverridesSchema.optional(),
  /** Seconds between NOOPs while the session is idle; 0: none. A site saved before this existed gets the default. */
  keepAliveSeconds: z.number().int().min(0).max(3600).default(defaultKeepAliveSeconds),
  timeoutSeconds: z.number().int().min(1).max(300).optional(),
  /** New sites read names as the server announces (as FileZilla); sites saved before keep the "utf8" or "latin1" they were saved with. */
  encoding: ServerEncodingSchema.default("auto"),
  /** What "auto" reads names as when the server does not announce UTF-8. */
  fallbackEncoding: FixedEncodingSchema.default("utf8"),
  /**
   * The server's time zone for its LIST times, in minutes from UTC (east positive). Unset, as in
   * sites saved before it existed: "Automatic", detected from MDTM on the first listing.
   */
  serverTimeOffsetMinutes: ServerTimeOffsetSchema.optional(),
  /** TLS options except the client certificate, which is a secret. */
  tls: TlsOptionsSchema.omit({ clientCertificate: true }).optional(),
  colour: z.enum(siteColours).default("none"),
  notes: z.string().max(10_000).default(""),
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

/** What a new site starts with: read from the schema, where the defaults are written once. */
export const siteDefaults = SiteSettingsSchema.omit({ name: true, host: true }).parse({});

/**
 * A site as saved: one saved before hosts were checked may hold a host that is none (a space in
 * it, say). It still loads and shows, for its host to be corrected; connecting to it is refused.
 */
export const SavedSiteSettingsSchema = SiteSettingsSchema.extend({ host: z.string().trim().min(1).max(253) });

export const SiteViewSchema = SavedSiteSettingsSchema.extend({
  id: IdSchema,
  /** The folder the site is in; undefined at the top. */
  folderId: IdSchema.optional(),
  passwordSaved: z.boolean(),
  clientCertificateSaved: z.boolean(),
  /** Its saved secrets can no longer be opened (the key that sealed them is gone): the password must be entered again. */
  secretsUnreadable: z.boolean(),
});
export type SiteView = z.infer<typeof SiteViewSchema>;

export const SiteFolderSchema = z.object({ id: IdSchema, name: z.string().trim().min(1).max(200), parentId: IdSchema.optional() });
export type SiteFolder = z.infer<typeof SiteFolderSchema>;

export const SitesViewSchema = z.object({
  folders: z.array(SiteFolderSchema),
  sites: z.array(SiteViewSchema),
  /** Whether saved passwords are encrypted by the OS; when not, Ferry says so and does not offer to save them. */
  passwordStorage: z.object({ secure: z.boolean(), description: z.string() }),
});
export type SitesView = z.infer<typeof SitesViewSchema>;

/** A connection made lately: enough to save it as a site, nothing secret. */
export const RecentConnectionSchema = z.object({
  host: z.string(),
  port: z.number().int().optional(),
  user: z.string(),
  encryption: EncryptionModeSchema,
  /** When, in milliseconds since the epoch. */
  at: z.number(),
});
export type RecentConnection = z.infer<typeof RecentConnectionSchema>;

/** What changes about a secret when a site is saved. */
export const SecretChangeSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion("change", [
    z.object({ change: z.literal("keep") }),
    z.object({ change: z.literal("forget") }),
    z.object({ change: z.literal("set"), value }),
  ]);

export const ImportReportSchema = z.object({
  imported: z.number().int(),
  /** Sites left out, each with its name and why (SFTP, S3, …). */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** Things worth knowing that did not stop the import (passwords that could not be read). */
  notes: z.array(z.string()),
  /** Per imported site, what did not come along: a password behind a master password, a server type, an account, … */
  sites: z.array(z.object({ name: z.string(), notes: z.array(z.string()) })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const sitesContract = {
  commands: {
    "sites.list": { request: z.object({}), response: SitesViewSchema },
    "sites.save": {
      request: z.object({
        id: IdSchema.optional(),
        folderId: IdSchema.optional(),
        settings: SiteSettingsSchema,
        password: SecretChangeSchema(z.string().max(1024)),
        clientCertificate: SecretChangeSchema(ClientCertificateSchema),
      }),
      response: SiteViewSchema,
    },
    "sites.save-folder": {
      request: z.object({ id: IdSchema.optional(), name: z.string().trim().min(1).max(200), parentId: IdSchema.optional() }),
      response: SiteFolderSchema,
    },
    "sites.move": {
      request: z.object({ id: IdSchema, kind: z.enum(["site", "folder"]), parentId: IdSchema.optional() }),
      response: z.object({}),
    },
    "sites.duplicate": { request: z.object({ id: IdSchema }), response: SiteViewSchema },
    "sites.delete": { request: z.object({ id: IdSchema, kind: z.enum(["site", "folder"]) }), response: z.object({}) },
    "sites.connect": { request: z.object({ id: IdSchema }), response: SessionInfoSchema },
    "sites.import": {
      request: z.object({ format: z.enum(["filezilla", "winscp", "ferry"]), content: z.string().max(maxImportCharacters) }),
      response: ImportReportSchema,
    },
    "sites.export": { request: z.object({}), response: z.object({ content: z.string() }) },
    /** The last connections made (quick connect and sites alike), newest first, to save as sites. */
    "sites.recent": {
      request: z.object({}),
      response: z.object({ connections: z.array(RecentConnectionSchema) }),
    },
  },
} as const;
