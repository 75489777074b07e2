import type { Client } from "basic-ftp";

/** A connection's FEAT answer, asked once: a server's features do not change while it is connected. */
const featuresByConnection = new WeakMap<Client, Promise<Map<string, string>>>();

export function featuresOf(client: Client): Promise<Map<string, string>> {
  let features = featuresByConnection.get(client);
  if (!features) featuresByConnection.set(client, (features = client.features()));
  return features;
}
