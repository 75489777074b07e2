import { z } from "zod";
import type { ConnectRequest } from "../../shared/domain";
import { RecentConnectionSchema, type RecentConnection } from "../../shared/site";
import { JsonStore, type Notify } from "../storage/json-store";

const RecentFileSchema = z
  .object({ version: z.literal(1), connections: z.array(RecentConnectionSchema) })
  .transform((file) => file.connections);
const keep = 10;

/** The last few connections made, newest first: no password, no certificate, nothing secret. */
export class RecentConnections {
  private readonly file: JsonStore<RecentConnection[]>;

  constructor(
    path: string,
    private readonly notify?: Notify,
  ) {
    this.file = new JsonStore({
      path,
      schema: RecentFileSchema,
      initial: [],
      toJson: (connections) => ({ version: 1, connections }),
      label: "Your recent connections",
      afresh: "the list starts empty",
      notify,
    });
  }

  list(): Promise<RecentConnection[]> {
    return this.file.read();
  }

  async remember(request: ConnectRequest): Promise<void> {
    const same = (c: RecentConnection) =>
      c.host === request.host && c.port === request.port && c.user === request.user && c.encryption === request.encryption;
    const entry: RecentConnection = {
      host: request.host,
      ...(request.port ? { port: request.port } : {}),
      user: request.user,
      encryption: request.encryption,
      at: Date.now(),
    };
    // A connection does not fail because its history could not be written: that is only said.
    await this.file
      .update((connections) => [entry, ...connections.filter((c) => !same(c))].slice(0, keep))
      .catch((error: unknown) =>
        this.notify?.({ text: error instanceof Error ? error.message : "Your recent connections could not be saved." }),
      );
  }
}
