import { z } from "zod";
import type { ConnectRequest } from "../../shared/domain";
import { RecentConnectionSchema, type RecentConnection } from "../../shared/site";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

const RecentFileSchema = z.object({ version: z.literal(1), connections: z.array(RecentConnectionSchema) });
const keep = 10;

/** The last few connections made, newest first: no password, no certificate, nothing secret. */
export class RecentConnections {
  private connections: RecentConnection[] | undefined;

  constructor(private readonly path: string) {}

  async list(): Promise<RecentConnection[]> {
    if (!this.connections) {
      const read = await readJsonFile(this.path, RecentFileSchema);
      this.connections = read.state === "ok" ? read.value.connections : [];
    }
    return this.connections;
  }

  async remember(request: ConnectRequest): Promise<void> {
    const same = (c: RecentConnection) => c.host === request.host && c.port === request.port && c.user === request.user && c.encryption === request.encryption;
    const entry: RecentConnection = {
      host: request.host,
      ...(request.port ? { port: request.port } : {}),
      user: request.user,
      encryption: request.encryption,
      at: Date.now(),
    };
    this.connections = [entry, ...(await this.list()).filter((c) => !same(c))].slice(0, keep);
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, connections: this.connections }));
  }
}
