import { describe, expect, it } from "vitest";
import { localSite } from "../../shared/transfer";
import { TargetClaims, type Claimant } from "./target-claims";

const download = (id: string, localPath: string): Claimant => ({
  id,
  direction: "download",
  site: "me@ftp.example:21",
  localPath,
  remotePath: "/f",
});
const copy = (id: string, localPath: string): Claimant => ({ id, direction: "copy", site: localSite, localPath, remotePath: "" });
const upload = (id: string, remotePath: string, site = "me@ftp.example:21"): Claimant => ({
  id,
  direction: "upload",
  site,
  localPath: "/home/me/f",
  remotePath,
});

/** Whether the promise has settled once what is pending now has run. */
async function settled(promise: Promise<void> | undefined): Promise<boolean> {
  let done = false;
  void promise?.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe("target claims", () => {
  it("give a target to one job at a time: the next gets it once the first lets go", async () => {
    const claims = new TargetClaims("linux");
    const [first, second] = [download("1", "/dl/f.bin"), download("2", "/dl/f.bin")];
    expect(claims.claim(first)).toBeUndefined();
    // Asking again for its own target changes nothing.
    expect(claims.claim(first)).toBeUndefined();
    const released = claims.claim(second);
    expect(released).toBeInstanceOf(Promise);
    expect(await settled(released)).toBe(false);
    expect([claims.holds(first), claims.holds(second), claims.heldByAnother(second), claims.heldByAnother(first)]).toEqual([
      true,
      false,
      true,
      false,
    ]);

    claims.release("1");
    expect(await settled(released)).toBe(true);
    expect(claims.claim(second)).toBeUndefined();
    expect(claims.holds(second)).toBe(true);
    expect(claims.claim(first)).toBeInstanceOf(Promise);
  });

  it("wake every job waiting for a target, the first to ask again getting it", async () => {
    const claims = new TargetClaims("linux");
    claims.claim(download("1", "/dl/f.bin"));
    const waiting = [claims.claim(download("2", "/dl/f.bin")), claims.claim(download("3", "/dl/f.bin"))];
    claims.release("1");
    expect(await Promise.all(waiting.map((released) => settled(released)))).toEqual([true, true]);
    expect(claims.claim(download("3", "/dl/f.bin"))).toBeUndefined();
    expect(claims.claim(download("2", "/dl/f.bin"))).toBeInstanceOf(Promise);
  });

  it("let go of a job's old target when it claims another (a rename), whether or not it gets the new one", async () => {
    const claims = new TargetClaims("linux");
    claims.claim(download("1", "/dl/f.bin"));
    const waiting = claims.claim(download("2", "/dl/f.bin"));
    expect(claims.claim(download("1", "/dl/f (1).bin"))).toBeUndefined();
    expect(await settled(waiting)).toBe(true);
    expect(claims.heldByAnother(download("2", "/dl/f.bin"))).toBe(false);

    claims.claim(download("3", "/dl/g.bin"));
    expect(claims.claim(download("1", "/dl/g.bin"))).toBeInstanceOf(Promise);
    expect(claims.heldByAnother(download("2", "/dl/f (1).bin"))).toBe(false);
  });

  it("ignore case on this computer's disks where they usually do (Windows, macOS), and nowhere else", () => {
    for (const [platform, blind] of [
      ["win32", true],
      ["darwin", true],
      ["linux", false],
    ] as const) {
      const claims = new TargetClaims(platform);
      claims.claim(download("1", "/dl/Report.PDF"));
      expect(claims.heldByAnother(download("2", "/dl/report.pdf"))).toBe(blind);
      // A local copy writes the same disk as a download.
      expect(claims.heldByAnother(copy("3", "/dl/Report.PDF"))).toBe(true);
    }
  });

  it("compare a server's targets exactly, per site, apart from this computer's", () => {
    const claims = new TargetClaims("win32");
    claims.claim(upload("1", "/www/f.bin"));
    expect(claims.heldByAnother(upload("2", "/www/f.bin"))).toBe(true);
    expect(claims.heldByAnother(upload("2", "/www/F.bin"))).toBe(false);
    expect(claims.heldByAnother(upload("2", "/www/f.bin", "me@other.example:21"))).toBe(false);
    expect(claims.heldByAnother(download("2", "/www/f.bin"))).toBe(false);
  });

  it("tell whether another job writes a path a job may rename its target to", () => {
    const claims = new TargetClaims("linux");
    claims.claim(download("1", "/dl/f (1).bin"));
    expect(claims.heldByAnother(download("2", "/dl/f.bin"), "/dl/f (1).bin")).toBe(true);
    expect(claims.heldByAnother(download("1", "/dl/f.bin"), "/dl/f (1).bin")).toBe(false);
    expect(claims.heldByAnother(download("2", "/dl/f.bin"), "/dl/f (2).bin")).toBe(false);
  });

  it("let go of nothing for a job that holds nothing", () => {
    const claims = new TargetClaims("linux");
    claims.claim(download("1", "/dl/f.bin"));
    claims.release("2");
    expect(claims.holds(download("1", "/dl/f.bin"))).toBe(true);
  });
});
