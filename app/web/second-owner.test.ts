import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, expect, it } from "vitest";

const cli = resolve(import.meta.dirname, "cli.ts");
const started: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
});

function webHost(dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", cli, "--data-dir", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  return child;
}

it("a second web host on the same data folder says so in one sentence and exits with an error code", async () => {
  const dataDir = join(await mkdtemp(join(tmpdir(), "ferry-owner-")), "data");
  const first = webHost(dataDir);
  const [firstLine] = (await once(createInterface({ input: first.stdout! }), "line")) as [string];
  expect(firstLine).toMatch(/^Ferry web host: http:\/\/127\.0\.0\.1:\d+\//);

  const second = webHost(dataDir);
  let errors = "";
  second.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  let output = "";
  second.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(second, "exit")) as [number];
  expect(code).not.toBe(0);
  expect(output).toBe("");
  expect(errors.trim().split("\n")).toEqual([
    `Ferry web host could not start: Another Ferry (process ${first.pid}) is already using the data folder ${dataDir}; close it first, or start this one with another data folder.`,
  ]);
  expect(first.exitCode).toBeNull();
});
