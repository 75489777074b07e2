import { describe, expect, it } from "vitest";
import { checksumMethodOf } from "./checksums";

const feat = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("the checksum a server offers", () => {
  it("takes HASH's strongest algorithm, whichever the server marks as current", () => {
    // proftpd's mod_digest, and FileZilla Server.
    expect(checksumMethodOf(feat({ HASH: "CRC32;MD5;SHA-1*;SHA-256;SHA-512", MFMT: "" }))).toMatchObject({
      command: "HASH",
      name: "SHA-512",
      digits: 128,
    });
    expect(checksumMethodOf(feat({ HASH: "SHA-1;SHA-256*;MD5" }))).toMatchObject({ command: "HASH", name: "SHA-256" });
  });

  it("falls back to the strongest X command, and to none", () => {
    expect(checksumMethodOf(feat({ XMD5: "", XSHA1: "", XCRC: "" }))).toMatchObject({ command: "XSHA1", name: "SHA-1", hash: "sha1" });
    expect(checksumMethodOf(feat({ HASH: "CRC32", XMD5: "" }))).toMatchObject({ command: "XMD5", name: "MD5" });
    expect(checksumMethodOf(feat({ MDTM: "", SIZE: "" }))).toBeUndefined();
  });
});
