import { describe, expect, it } from "vitest";
import { TransferJobSchema } from "../../shared/transfer";
import { BatchJobMaker } from "./batch-jobs";
import { JobScheduler } from "./job-scheduler";
import { plainJob } from "./queued-job";

const listener = { added: () => undefined, changed: () => undefined, reordered: () => undefined };

describe("a queued job", () => {
  it("gives back every path exactly as the walk planned it, whatever its separators", () => {
    const paths: [string, string][] = [
      ["/srv/site/photos/2024/beach.jpg", "C:\\Users\\ann\\Pictures\\2024\\beach.jpg"],
      ["/top-level-file-with-a-long-name.txt", "D:\\top-level-file-with-a-long-name.txt"],
      ["/srv/a//b/", "relative-name"],
    ];
    const maker = new BatchJobMaker({ direction: "download", move: false, site: "ann@127.0.0.1:21" });
    for (const [source, target] of paths) {
      const job = plainJob(maker.jobOf({ kind: "file", source, target, size: 5, modified: 1.7e12 })!);
      expect(TransferJobSchema.parse(job)).toMatchObject({ remotePath: source, localPath: target, sourcePath: undefined });
    }
    const copy = new BatchJobMaker({ direction: "copy", move: false, site: "this computer" }).jobOf({
      kind: "file",
      source: "/a/b/c.txt",
      target: "/d/c.txt",
    })!;
    expect(plainJob(copy)).toMatchObject({ sourcePath: "/a/b/c.txt", localPath: "/d/c.txt", remotePath: "" });
  });

  it("takes a new target name (Rename) and keeps its other end", () => {
    const scheduler = new JobScheduler(listener);
    const job = new BatchJobMaker({ direction: "upload", move: true, site: "ann@127.0.0.1:21" }).jobOf({
      kind: "file",
      source: "/home/ann/report.pdf",
      target: "/www/report.pdf",
    })!;
    scheduler.append([job]);
    scheduler.update(job, { remotePath: "/www/report (1).pdf", status: "running", speed: 300 });
    expect(plainJob(job)).toMatchObject({ localPath: "/home/ann/report.pdf", remotePath: "/www/report (1).pdf", move: true, speed: 300 });
    expect(JSON.parse(JSON.stringify(plainJob(job, false)))).not.toHaveProperty("speed");
  });
});
