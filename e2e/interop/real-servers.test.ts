import { inject } from "vitest";
import { defineSessionSuite, type SessionTarget } from "../../test-support/session-suite";

const { servers: file, caPem } = inject("interop");

/** The session suite of the in-process tests, against vsftpd, pure-ftpd and proftpd. */
defineSessionSuite(() =>
  file.servers.map((server): SessionTarget => ({
    name: server.name,
    encryption: server.encryption,
    port: server.port,
    user: file.user,
    password: file.password,
    trustedCaPem: caPem,
    startPath: file.startPath,
  })),
);
