import { z } from "zod";
import { defaultProxyPorts, ProxySettingsSchema, type ProxySettings, type ProxyView } from "../../shared/proxy";
import { UserFacingError } from "../errors";
import type { SecretCipher } from "../secrets/secret-cipher";
import { JsonStore, type Notify } from "../storage/json-store";
import type { SecretChange } from "../sites/site-secrets";
import type { ProxyRoute } from "./proxy-route";

/** The file: the settings as the renderer sees them, and the password sealed by the cipher (never in the clear). */
const ProxyFileSchema = z.object({ settings: ProxySettingsSchema, sealedPassword: z.string().optional() });
type ProxyFile = z.infer<typeof ProxyFileSchema>;

const noProxy: ProxyFile = { settings: ProxySettingsSchema.parse({}) };

/**
 * The proxy preference, in the user-data folder's proxy.json, with its password sealed as a
 * site's is. The renderer gets the settings and whether a password is saved; sessions get the
 * route with the password opened (`route`), at the moment they connect.
 */
export class ProxyStore {
  private readonly file: JsonStore<ProxyFile>;

  constructor(
    path: string,
    private readonly cipher: SecretCipher,
    notify?: Notify,
  ) {
    this.file = new JsonStore({
      path,
      schema: ProxyFileSchema,
      initial: noProxy,
      label: "Your proxy settings",
      afresh: "Ferry connects without a proxy",
      notify,
    });
  }

  async view(): Promise<ProxyView> {
    const { settings, sealedPassword } = await this.file.read();
    const { secure, description } = await this.cipher.storage();
    return { settings, passwordSaved: sealedPassword !== undefined, passwordStorage: { secure, description } };
  }

  async set(settings: ProxySettings, password: SecretChange<string>): Promise<ProxyView> {
    await this.file.update(async (current) => {
      // No user, no password: a password kept for a user since removed would only be sent to a proxy that asks for none.
      const sealedPassword =
        password.change === "forget" || settings.user === ""
          ? undefined
          : password.change === "set"
            ? await this.cipher.encrypt(password.value)
            : current.sealedPassword;
      return { settings, ...(sealedPassword !== undefined ? { sealedPassword } : {}) };
    });
    return this.view();
  }

  /** The proxy to connect through, with its password; undefined when none is set. */
  async route(): Promise<ProxyRoute | undefined> {
    const { settings, sealedPassword } = await this.file.read();
    if (settings.kind === "none") return undefined;
    return {
      kind: settings.kind,
      host: settings.host,
      port: settings.port ?? defaultProxyPorts[settings.kind],
      user: settings.user,
      password: sealedPassword === undefined ? "" : await this.open(sealedPassword),
      resolveOnProxy: settings.resolveOnProxy,
    };
  }

  private async open(sealed: string): Promise<string> {
    try {
      return await this.cipher.decrypt(sealed);
    } catch {
      throw new UserFacingError(
        "proxy-failed",
        "The proxy's saved password can no longer be opened (the key that sealed it is gone). Enter it again in the proxy settings.",
      );
    }
  }
}
