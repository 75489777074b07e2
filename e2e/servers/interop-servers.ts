import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EncryptionMode } from "../../shared/domain";
import { seedServerFolder } from "../../test-support/server-folder";
import { createTestCertificates } from "../../test-support/test-certificates";

const script = join(import.meta.dirname, "interop-servers.sh");

/** What interop-servers.sh writes into servers.json. */
export interface ServersFile {
  user: string;
  password: string;
  /** The test user's home: where every server logs in, as an absolute path. */
  startPath: string;
  /**
   * `checksums`: the server answers HASH (proftpd's mod_digest), so transfers with it are verified.
   * `compression`: it offers MODE Z (proftpd's mod_deflate).
   */
  servers: {
    name: string;
    encryption: EncryptionMode;
    port: number;
    requiresSessionReuse: boolean;
    checksums: boolean;
    compression: boolean;
  }[];
  /**
   * Dante and tinyproxy on loopback in front of `target` (vsftpd explicit TLS): each without and
   * with a login. tinyproxy lets CONNECT through to the target's control and passive ports and to
   * `unusedPort`, where nothing listens.
   */
  proxies: {
    target: { name: string; encryption: EncryptionMode; port: number };
    unusedPort: number;
    socks5: InteropProxy;
    socks5Login: InteropProxy & ProxyLogin;
    http: InteropProxy;
    httpLogin: InteropProxy & ProxyLogin;
  };
  /**
   * Servers that list times in their own time zone, `utcOffsetMinutes` east of UTC, with LIST (no
   * MLSD). vsftpd's use_localtime puts its MDTM in that zone too, against RFC 3659; proftpd's is UTC.
   */
  localTime: {
    name: string;
    encryption: EncryptionMode;
    port: number;
    utcOffsetMinutes: number;
  }[];
  /** Servers that refuse a connection beyond `maxConnections` at once from one address (vsftpd's max_per_ip). */
  connectionLimited: {
    name: string;
    encryption: EncryptionMode;
    port: number;
    maxConnections: number;
  }[];
  /** Servers that listen on an IPv6 address only, and on which `host`. */
  ipv6: {
    name: string;
    encryption: EncryptionMode;
    host: string;
    port: number;
  }[];
  /** Servers to test active mode with; `refusesPassive`: vsftpd with pasv_enable=NO, which only does active mode. */
  activeMode: {
    name: string;
    encryption: EncryptionMode;
    port: number;
    refusesPassive: boolean;
  }[];
  /**
   * With `latency`: servers whose PASV replies name 127.0.0.2, for the benchmark's delaying proxy,
   * which listens there on `port` and on `passivePorts` (first and last) and forwards to 127.0.0.1.
   */
  latency: {
    name: string;
    encryption: EncryptionMode;
    port: number;
    passivePorts: [number, number];
  }[];
}

interface InteropProxy {
  name: string;
  port: number;
  /** Where the proxy logs each connection it makes for a client, naming the address it connects to. */
  log: string;
}

interface ProxyLogin {
  user: string;
  password: string;
}

export interface RunningInteropServers {
  file: ServersFile;
  caPem: string;
  /** The folder with the certificate, the configs and the test user's home. */
  state: string;
  stop(): void;
}

export interface InteropServerOptions {
  portBase?: number;
  /** Lifts the tests' 4 MB/s cap, for the benchmarks. */
  unlimited?: boolean;
  /** CPUs the servers may run on (taskset's list, such as "1"); any by default. */
  cpus?: string;
  /** Also starts the latency profile's servers (`ServersFile.latency`), their certificate valid for 127.0.0.2 too. */
  latency?: boolean;
}

/** Installs (once) and starts the Debian servers on 127.0.0.1 with a certificate from a fresh test CA. */
export async function startInteropServers(options: InteropServerOptions = {}): Promise<RunningInteropServers> {
  const env = {
    ...process.env,
    ...(options.portBase ? { FERRY_INTEROP_PORT_BASE: String(options.portBase) } : {}),
    ...(options.unlimited ? { FERRY_INTEROP_UNLIMITED: "1" } : {}),
    ...(options.latency ? { FERRY_INTEROP_LATENCY: "1" } : {}),
  };
  // The port base names the test user, which install creates.
  execFileSync("bash", [script, "install"], { stdio: "inherit", env });
  const state = await mkdtemp(join(tmpdir(), "ferry-interop-"));
  const certificates = await createTestCertificates({ serverKey: "rsa", ...(options.latency ? { serverIps: ["127.0.0.2"] } : {}) });
  await writeFile(join(state, "server.pem"), certificates.server.certPem);
  await writeFile(join(state, "server.key"), certificates.server.keyPem, { mode: 0o600 });
  await seedServerFolder(join(state, "home"));
  const startArgs = [script, "start", state];
  // The servers' processes inherit the script's CPUs.
  if (options.cpus) execFileSync("taskset", ["-c", options.cpus, "bash", ...startArgs], { stdio: "inherit", env });
  else execFileSync("bash", startArgs, { stdio: "inherit", env });
  const file = JSON.parse(await readFile(join(state, "servers.json"), "utf8")) as ServersFile;
  return { file, caPem: certificates.ca.certPem, state, stop: () => execFileSync("bash", [script, "stop", state], { stdio: "inherit" }) };
}
