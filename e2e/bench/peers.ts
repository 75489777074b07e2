/** The command-line clients Ferry is measured against: curl, lftp and rclone, with the same server and CA. */

export interface PeerServer {
  /** 127.0.0.1 unless said (the latency profile's proxy is on 127.0.0.2). */
  host?: string;
  port: number;
  implicit: boolean;
  user: string;
  password: string;
  /** The test CA, so that both verify the server's certificate as Ferry does. */
  caFile: string;
  /** Active mode: the server connects back (lftp's `ftp:passive-mode off`; curl 7.88's active mode fails here). */
  active?: boolean;
}

export interface PeerCommand {
  command: string;
  args: string[];
}

function curlUrl(server: PeerServer, path: string): string {
  return `${server.implicit ? "ftps" : "ftp"}://${server.host ?? "127.0.0.1"}:${server.port}/${path}`;
}

function curlBase(server: PeerServer): string[] {
  const base = [
    "--silent",
    "--show-error",
    "--fail",
    "--ssl-reqd",
    "--cacert",
    server.caFile,
    "--user",
    `${server.user}:${server.password}`,
  ];
  return server.active ? [...base, "--ftp-port", "127.0.0.1"] : base;
}

/** Paths are relative to the user's home, where every server logs in. */
export function curlUpload(server: PeerServer, localFile: string, remotePath: string): PeerCommand {
  return { command: "curl", args: [...curlBase(server), "--upload-file", localFile, curlUrl(server, remotePath)] };
}

export function curlDownload(server: PeerServer, remotePath: string, localFile: string): PeerCommand {
  return { command: "curl", args: [...curlBase(server), "--output", localFile, curlUrl(server, remotePath)] };
}

/** A folder's LIST, written nowhere: what the server itself takes to list it. */
export function curlList(server: PeerServer, remoteFolder: string): PeerCommand {
  return { command: "curl", args: [...curlBase(server), "--output", "/dev/null", curlUrl(server, remoteFolder)] };
}

/** lftp with TLS required on control and data connections, the certificate verified, one try. */
export function lftp(server: PeerServer, commands: string[]): PeerCommand {
  const settings = [
    `set ssl:ca-file ${server.caFile}`,
    "set ssl:verify-certificate true",
    "set ftp:ssl-force true",
    "set ftp:ssl-protect-data true",
    "set ftp:ssl-protect-list true",
    "set net:max-retries 1",
    "set cmd:fail-exit true",
    "set xfer:clobber true",
    ...(server.active ? ["set ftp:passive-mode off"] : []),
  ];
  const open = `open -u ${server.user},${server.password} ${server.implicit ? "ftps" : "ftp"}://${server.host ?? "127.0.0.1"}:${server.port}`;
  return { command: "lftp", args: ["-c", [...settings, open, ...commands].join("; ")] };
}

/**
 * rclone's FTP backend on a remote given in the command (no config file), explicit TLS, the
 * certificate verified against the test CA (Go reads it from SSL_CERT_FILE). TLS 1.2: rclone's
 * TLS 1.3 data connections fail against both servers' demand that they reuse the control
 * connection's session. `obscuredPassword` is the password as `rclone obscure` gives it, the only
 * form rclone takes. `direction` "download" copies from `remotePath` into `localFolder`.
 */
export function rclone(
  server: PeerServer,
  obscuredPassword: string,
  args: string[],
  localFolder: string,
  remotePath: string,
  direction: "upload" | "download" = "upload",
): PeerCommand {
  if (server.implicit) throw new Error("the rclone peer is set up for explicit TLS only");
  const remote = `:ftp,host=${server.host ?? "127.0.0.1"},port=${server.port},user=${server.user},explicit_tls=true,disable_tls13=true:${remotePath}`;
  return {
    command: "env",
    args: [
      `SSL_CERT_FILE=${server.caFile}`,
      `RCLONE_FTP_PASS=${obscuredPassword}`,
      "rclone",
      "--config",
      "/dev/null",
      ...args,
      ...(direction === "upload" ? [localFolder, remote] : [remote, localFolder]),
    ],
  };
}
