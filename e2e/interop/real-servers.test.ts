import { inject } from "vitest";
import type { EncryptionMode } from "../../shared/domain";
import { defineSessionSuite, type SessionTarget } from "../fixtures/session-suite";

interface ServersFile {
  user: string;
  password: string;
  startPath: string;
  servers: { name: string; encryption: EncryptionMode; port: number }[];
}

const { servers, caPem } = inject("interop");
const file = servers as ServersFile;

/** The session suite of the in-process tests, against vsftpd, pure-ftpd and proftpd. */
defineSessionSuite(() =>
  file.servers.map(
    (server): SessionTarget => ({
      name: server.name,
      encryption: server.encryption,
      port: server.port,
      user: file.user,
      password: file.password,
      trustedCaPem: caPem,
      startPath: file.startPath,
    }),
  ),
);
