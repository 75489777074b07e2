import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMainServices, type MainServices, type MainServicesOptions } from "../main/main-services";
import { KeyFileCipher } from "../main/secrets/secret-cipher";

/**
 * Main's services as the web host builds them, on a data folder of the test's own (a new one
 * unless `dataPath` is given) with a key-file cipher; what main sends is dropped unless `send` is given.
 */
export async function mainServicesForTests(options: Partial<MainServicesOptions> = {}): Promise<MainServices & { dataPath: string }> {
  const dataPath = options.dataPath ?? (await mkdtemp(join(tmpdir(), "ferry-main-")));
  const services = await createMainServices({
    homePath: "/",
    version: "test",
    send: () => undefined,
    cipher: new KeyFileCipher(join(dataPath, "secret.key")),
    ...options,
    dataPath,
  });
  return { ...services, dataPath };
}
