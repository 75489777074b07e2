import { createRequire } from "node:module";
import type { Socket } from "node:net";
import { TLSSocket, createSecureContext, type TlsOptions as TlsServerOptions } from "node:tls";

/**
 * Patches ftp-srv's prototypes, once, on import: every command a server receives is noted,
 * and AUTH TLS no longer races the client's hello. Imported by the test server only.
 */
export interface ServerState {
  controlTls: TlsServerOptions;
  received: string[];
  /** AUTH TLS is answered 502, as by a server whose TLS broke or a man in the middle who strips it. */
  refuseTls?: boolean;
}

/** Per ftp-srv instance: the control connection's TLS options and what the server heard. */
export const serverStates = new WeakMap<object, ServerState>();

const require = createRequire(import.meta.url);

interface AuthConnection {
  secure: boolean;
  commandSocket: Socket;
  server: object;
  reply(code: number): Promise<unknown>;
}

/** Notes every command a server receives, before ftp-srv handles it. */
function recordCommands(): void {
  const commands = require("ftp-srv/src/commands/index.js") as {
    prototype: {
      connection: { server: object };
      handle(this: { connection: { server: object } }, command: string | { directive: string }): unknown;
    };
  };
  const handle = commands.prototype.handle;
  commands.prototype.handle = function (command) {
    const directive = typeof command === "string" ? (command.trim().split(" ")[0] ?? "").toUpperCase() : command.directive;
    serverStates.get(this.connection.server)?.received.push(directive);
    return handle.call(this, command);
  };
}
recordCommands();

/**
 * ftp-srv answers AUTH TLS with 234 and only then wraps the socket, so a fast client's
 * ClientHello can reach the plain-text command parser ("502 Command not allowed: \x16\x03…").
 * This handler holds the hello back from the parser and gives it to the TLS layer alone.
 */
function fixAuthTlsRace(): void {
  const auth = require("ftp-srv/src/commands/registration/auth.js") as {
    handler: (this: AuthConnection, args: { command: { arg: string } }) => Promise<unknown>;
  };
  auth.handler = async function (this: AuthConnection, { command }) {
    if (command.arg.toUpperCase() !== "TLS") return this.reply(504);
    const state = serverStates.get(this.server);
    const tlsOptions = state?.controlTls;
    if (!tlsOptions || state?.refuseTls) return this.reply(502);
    if (this.secure) return this.reply(202);
    const plain = this.commandSocket;
    plain.pause();
    await this.reply(234);
    // Node hands bytes already buffered to the TLS layer by reading them, which also emits
    // them as "data" to the command parser: detach it until the handshake is done.
    const parsers = plain.listeners("data") as ((chunk: Buffer) => void)[];
    plain.removeAllListeners("data");
    const secure = new TLSSocket(plain, {
      isServer: true,
      secureContext: createSecureContext(tlsOptions),
      requestCert: tlsOptions.requestCert === true,
      rejectUnauthorized: tlsOptions.rejectUnauthorized === true,
    });
    secure.once("secure", () => {
      for (const parser of parsers) plain.on("data", parser);
    });
    for (const event of ["data", "timeout", "end", "close", "drain", "error"]) {
      secure.on(event, (...args: unknown[]) => plain.emit(event, ...args));
    }
    this.commandSocket = secure;
    this.secure = true;
  };
}
fixAuthTlsRace();
