#!/usr/bin/env bash
# Real FTP servers from Debian for Ferry's interoperability tests, and proxies in front of one, on
# loopback only (127.0.0.1; one server on ::1).
#
#   interop-servers.sh install          install the servers and the test user (root; once)
#   interop-servers.sh start STATE_DIR  write configs into STATE_DIR and start every server
#   interop-servers.sh stop STATE_DIR   stop what start started
#
# start expects STATE_DIR/server.pem and STATE_DIR/server.key (made by the test setup) and
# serves STATE_DIR/home as the test user's home. It writes STATE_DIR/servers.json.
# The tests hold vsftpd and proftpd to 4 MB/s (to cut transfers in the middle);
# FERRY_INTEROP_UNLIMITED=1 lifts that, for the benchmarks. FERRY_INTEROP_LATENCY=1 starts two
# more servers for the benchmark's latency profile (e2e/bench/latency-proxy.ts): vsftpd and proftpd
# whose PASV replies name 127.0.0.2, where the delaying proxy listens on their ports.
#
# vsftpd, pure-ftpd and proftpd-core all provide ftp-server, so apt-get installs only one of
# them: the packages are downloaded and unpacked into a folder of ours and run from there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${FERRY_INTEROP_CACHE:-$here/../../.cache/interop}
root=$cache/root
password=interop-pass-1
# Below the kernel's ephemeral range (32768 and up), where an outgoing connection could hold a port a server needs.
port_base=${FERRY_INTEROP_PORT_BASE:-21100}
# start points the test user's home at its state folder, so each port base has a user of its own:
# a run on another port base (the bench's, a second worktree's) never moves this run's files.
if [ "$port_base" = 21100 ]; then user=ferry-interop; else user=ferry-interop-$port_base; fi
unlimited=${FERRY_INTEROP_UNLIMITED:-0}
latency=${FERRY_INTEROP_LATENCY:-0}
# The address the servers name in PASV replies; the latency profile's servers name the proxy's.
advertise=127.0.0.1
libraries=(libcap2 libhiredis0.14 libmemcached11 libmemcachedutil2 libpam-modules libpcre2-posix3 libsodium23 libssl3 libwrap0 openssl curl lftp)
packages=(vsftpd pure-ftpd pure-ftpd-common proftpd-core proftpd-mod-crypto)
# The proxies the proxy tests connect through (Dante for SOCKS5, tinyproxy for HTTP CONNECT), unpacked the same way.
proxy_packages=(dante-server tinyproxy tinyproxy-bin)
# tinyproxy's Basic login (Dante's SOCKS5 login is the test user's own, checked against the system's passwords).
proxy_user=ferry-proxy
proxy_password=proxy-pass-1

die() { echo "interop-servers: $*" >&2; exit 1; }

install() {
  [ "$(id -u)" -eq 0 ] || die "install needs root (it runs apt-get and adds the test user $user)"
  if [ ! -x "$root/usr/sbin/vsftpd" ] || [ ! -x "$root/usr/sbin/pure-ftpd" ] || [ ! -f "$root/usr/lib/proftpd/mod_tls.so" ] || [ ! -f "$root/usr/lib/proftpd/mod_digest.so" ] || [ ! -f "$root/usr/lib/proftpd/mod_deflate.so" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${libraries[@]}" >/dev/null
    mkdir -p "$cache/debs" "$root"
    (cd "$cache/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1) || die "apt-get download ${packages[*]} failed"
    for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$root"; done
  fi
  if [ ! -x "$root/usr/sbin/danted" ] || [ ! -x "$root/usr/bin/tinyproxy" ]; then
    apt-get update -qq
    mkdir -p "$cache/proxy-debs" "$root"
    (cd "$cache/proxy-debs" && apt-get download "${proxy_packages[@]}" >/dev/null 2>&1) || die "apt-get download ${proxy_packages[*]} failed"
    for deb in "$cache"/proxy-debs/*.deb; do dpkg -x "$deb" "$root"; done
  fi
  # vsftpd and pure-ftpd log users in through PAM, which wants a real user with a valid shell.
  if ! id "$user" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$user"
  fi
  echo "$user:$password" | chpasswd
  printf 'auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\n' > /etc/pam.d/ferry-interop
}

# wait_for_port PORT [ADDRESS]: until something listens on ADDRESS (127.0.0.1 unless given):PORT (10 s at most)
wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/"${2:-127.0.0.1}"/"$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

vsftpd_config() { # name port tls(none|explicit|implicit) pasv_min [time zone: its times in local time] [::1: IPv6 only] [more config lines]
  local name=$1 port=$2 tls=$3 pasv=$4 zone=${5:-} ipv6=${6:-} more=${7:-} dir=$state/$1
  mkdir -p "$dir/empty"
  chmod 755 "$dir/empty"
  {
    if [ "$ipv6" = ::1 ]; then
      printf 'listen=NO\nlisten_ipv6=YES\nlisten_address6=::1\n'
    else
      printf 'listen=YES\nlisten_address=127.0.0.1\n'
    fi
    echo "listen_port=$port"
    echo "background=NO"
    echo "anonymous_enable=NO"
    echo "local_enable=YES"
    echo "write_enable=YES"
    echo "pam_service_name=ferry-interop"
    echo "secure_chroot_dir=$dir/empty"
    echo "seccomp_sandbox=NO"
    echo "pasv_enable=${pasv_enable:-YES}"
    # On ::1 EPSV's reply names no address: pasv_address (IPv4 only) has no part.
    [ "$ipv6" = ::1 ] || echo "pasv_address=$advertise"
    echo "pasv_min_port=$pasv"
    echo "pasv_max_port=$((pasv + 20))"
    echo "xferlog_enable=NO"
    # Slow enough (4 MB/s) for a test to cut a transfer in the middle.
    [ "$unlimited" = 1 ] || echo "local_max_rate=4000000"
    echo "vsftpd_log_file=$dir/vsftpd.log"
    [ -z "$zone" ] || echo "use_localtime=YES"
    [ -z "$more" ] || echo "$more"
    if [ "$tls" != none ]; then
      echo "ssl_enable=YES"
      echo "rsa_cert_file=$state/server.pem"
      echo "rsa_private_key_file=$state/server.key"
      echo "force_local_logins_ssl=YES"
      echo "force_local_data_ssl=YES"
      echo "require_ssl_reuse=YES"
      echo "ssl_ciphers=HIGH"
      [ "$tls" = implicit ] && echo "implicit_ssl=YES"
    fi
  } > "$dir/vsftpd.conf"
  env ${zone:+TZ=$zone} "$root/usr/sbin/vsftpd" "$dir/vsftpd.conf" >"$dir/out.log" 2>&1 &
  echo $! > "$dir/pid"
}

proftpd_config() { # name port implicit(yes|no) pasv_min [time zone: LIST in local time, no MLST in FEAT]
  local name=$1 port=$2 implicit=$3 pasv=$4 zone=${5:-} dir=$state/$1
  mkdir -p "$dir"
  cat > "$dir/proftpd.conf" <<CONF
ServerType standalone
ServerName "Ferry interop proftpd"
DefaultAddress 127.0.0.1
SocketBindTight on
Port $port
UseIPv6 off
User nobody
Group nogroup
PidFile $dir/proftpd.pid
ScoreboardFile $dir/proftpd.scoreboard
DelayTable none
WtmpLog off
UseReverseDNS off
RequireValidShell off
AuthOrder mod_auth_pam.c* mod_auth_unix.c
AuthPAMConfig ferry-interop
PassivePorts $pasv $((pasv + 20))
MasqueradeAddress $advertise
SystemLog $dir/system.log
ModulePath $root/usr/lib/proftpd
LoadModule mod_tls.c
# HASH and XSHA256/XSHA1/XMD5/XCRC, for Ferry's checksum verification.
LoadModule mod_digest.c
<IfModule mod_digest.c>
  DigestEngine on
</IfModule>
# MODE Z (zlib on the data connection), for Ferry's "Use compression".
LoadModule mod_deflate.c
<IfModule mod_deflate.c>
  DeflateEngine on
  DeflateLog $dir/deflate.log
</IfModule>
<IfModule mod_tls.c>
  TLSEngine on
  TLSRequired on
  TLSProtocol TLSv1.2 TLSv1.3
  TLSRSACertificateFile $state/server.pem
  TLSRSACertificateKeyFile $state/server.key
  TLSLog $dir/tls.log
$( [ "$implicit" = yes ] && echo "  TLSOptions UseImplicitSSL" )
</IfModule>
# Slow enough (4 MB/s) for a test to cut a transfer in the middle; resumable both ways.
$( [ "$unlimited" = 1 ] || echo "TransferRate RETR,STOR,APPE 4000" )
AllowStoreRestart on
AllowRetrieveRestart on
$( [ -z "$zone" ] || printf 'TimesGMT off\nFactsAdvertise off\n' )
<Directory />
  AllowOverwrite on
</Directory>
CONF
  env ${zone:+TZ=$zone} "$root/usr/sbin/proftpd" --nodaemon --config "$dir/proftpd.conf" >"$dir/out.log" 2>&1 &
  echo $! > "$dir/pid"
}

pureftpd_start() { # name port pasv_min
  local name=$1 port=$2 pasv=$3 dir=$state/$1
  mkdir -p "$dir"
  { cat "$state/server.key"; echo; cat "$state/server.pem"; } > "$dir/pure-ftpd.pem"
  chmod 600 "$dir/pure-ftpd.pem"
  "$root/usr/sbin/pure-ftpd" --bind "127.0.0.1,$port" --tls=2 --certfile="$dir/pure-ftpd.pem" \
    --login pam --noanonymous --dontresolve --passiveportrange "$pasv:$((pasv + 20))" \
    --forcepassiveip 127.0.0.1 --pidfile "$dir/pure-ftpd.pid" >"$dir/out.log" 2>&1 &
  echo $! > "$dir/pid"
}

dante_start() { # name port login(none|username): SOCKS5 to loopback only; "username" checks the system's passwords (root reads them)
  local name=$1 port=$2 login=$3 dir=$state/$1
  mkdir -p "$dir"
  cat > "$dir/danted.conf" <<CONF
logoutput: $dir/danted.log
internal: 127.0.0.1 port = $port
external: 127.0.0.1
clientmethod: none
socksmethod: $login
user.privileged: root
user.unprivileged: nobody
client pass { from: 127.0.0.1/32 to: 0.0.0.0/0 }
socks pass {
  from: 127.0.0.1/32 to: 127.0.0.0/8
  command: connect
  socksmethod: $login
  log: connect
}
CONF
  "$root/usr/sbin/danted" -f "$dir/danted.conf" >"$dir/out.log" 2>&1 &
  echo $! > "$dir/pid"
}

tinyproxy_start() { # name port login(none|basic) connect-ports...: HTTP CONNECT to those ports only
  local name=$1 port=$2 login=$3 dir=$state/$1
  shift 3
  mkdir -p "$dir"
  {
    echo "Port $port"
    echo "Listen 127.0.0.1"
    echo "Timeout 600"
    echo "MaxClients 100"
    echo "Allow 127.0.0.1"
    echo "User nobody"
    echo "Group nogroup"
    echo "LogLevel Info"
    [ "$login" = basic ] && echo "BasicAuth $proxy_user $proxy_password"
    for allowed in "$@"; do echo "ConnectPort $allowed"; done
  } > "$dir/tinyproxy.conf"
  "$root/usr/bin/tinyproxy" -d -c "$dir/tinyproxy.conf" >"$dir/out.log" 2>&1 &
  echo $! > "$dir/pid"
}

start() {
  [ -f "$state/server.pem" ] && [ -f "$state/server.key" ] || die "start needs $state/server.pem and server.key"
  [ -x "$root/usr/sbin/vsftpd" ] || die "the servers are not installed: run '$0 install' first"
  export LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  chown -R "$user": "$state/home"
  usermod -d "$state/home" "$user"
  chmod 755 "$state"
  local p=$port_base
  vsftpd_config vsftpd-explicit $p explicit $((p + 100))
  vsftpd_config vsftpd-implicit $((p + 1)) implicit $((p + 130))
  vsftpd_config vsftpd-plain $((p + 2)) none $((p + 160))
  pureftpd_start pureftpd-explicit $((p + 3)) $((p + 190))
  proftpd_config proftpd-explicit $((p + 4)) no $((p + 220))
  proftpd_config proftpd-implicit $((p + 5)) yes $((p + 250))
  # Servers whose clock is in Tokyo (UTC+9), listing their local time, for the server time zone tests.
  # vsftpd's use_localtime gives MDTM in local time too; proftpd's TimesGMT off leaves MDTM in UTC,
  # and without MLST in FEAT Ferry lists it with LIST: the case FileZilla's detection is for.
  vsftpd_config vsftpd-tokyo $((p + 10)) none $((p + 400)) Asia/Tokyo
  proftpd_config proftpd-tokyo $((p + 11)) no $((p + 430)) Asia/Tokyo
  # Proxies in front of vsftpd explicit TLS: tinyproxy lets CONNECT through to its control port, its
  # passive ports and one port nothing listens on (for "could not reach the server"), and nothing else.
  local unused=$((p + 9))
  dante_start dante $((p + 600)) none
  dante_start dante-login $((p + 601)) username
  tinyproxy_start tinyproxy $((p + 602)) none $p $(seq $((p + 100)) $((p + 120))) $unused
  tinyproxy_start tinyproxy-login $((p + 603)) basic $p $(seq $((p + 100)) $((p + 120))) $unused
  # vsftpd on the IPv6 loopback only (listen_ipv6), for the IPv6 tests.
  vsftpd_config vsftpd-ipv6 $((p + 20)) explicit $((p + 640)) "" ::1
  # A shared host's limit: 2 connections per address ("421 There are too many connections from your internet address.").
  vsftpd_config vsftpd-two-connections $((p + 21)) none $((p + 680)) "" "" "max_per_ip=2"
  # Servers that refuse passive mode (pasv_enable=NO), for active mode: they connect back to Ferry.
  pasv_enable=NO vsftpd_config vsftpd-active-plain $((p + 30)) none $((p + 500))
  pasv_enable=NO vsftpd_config vsftpd-active-explicit $((p + 31)) explicit $((p + 530))
  local name port ports=(0 1 2 3 4 5 10 11 21 30 31 600 601 602 603)
  if [ "$latency" = 1 ]; then
    advertise=127.0.0.2 vsftpd_config vsftpd-latency $((p + 6)) explicit $((p + 280))
    advertise=127.0.0.2 proftpd_config proftpd-latency $((p + 7)) no $((p + 310))
    ports+=(6 7)
  fi
  for i in "${ports[@]}"; do
    port=$((p + i))
    if ! wait_for_port "$port"; then
      cat "$state"/*/out.log "$state"/*/*.log >&2 2>/dev/null || true
      stop
      die "no server came up on port $port"
    fi
  done
  if ! wait_for_port $((p + 20)) ::1; then
    cat "$state"/vsftpd-ipv6/*.log >&2 2>/dev/null || true
    stop
    die "vsftpd did not come up on [::1]:$((p + 20))"
  fi
  cat > "$state/servers.json" <<JSON
{
  "user": "$user",
  "password": "$password",
  "startPath": "$state/home",
  "servers": [
    { "name": "vsftpd explicit TLS (require_ssl_reuse)", "encryption": "explicit-required", "port": $p, "requiresSessionReuse": true, "checksums": false, "compression": false },
    { "name": "vsftpd implicit TLS (require_ssl_reuse)", "encryption": "implicit", "port": $((p + 1)), "requiresSessionReuse": true, "checksums": false, "compression": false },
    { "name": "vsftpd plain FTP", "encryption": "plain", "port": $((p + 2)), "requiresSessionReuse": false, "checksums": false, "compression": false },
    { "name": "pure-ftpd --tls=2", "encryption": "explicit-required", "port": $((p + 3)), "requiresSessionReuse": false, "checksums": false, "compression": false },
    { "name": "proftpd mod_tls explicit", "encryption": "explicit-required", "port": $((p + 4)), "requiresSessionReuse": true, "checksums": true, "compression": true },
    { "name": "proftpd mod_tls implicit", "encryption": "implicit", "port": $((p + 5)), "requiresSessionReuse": true, "checksums": true, "compression": true }
  ],
  "proxies": {
    "target": { "name": "vsftpd explicit TLS (require_ssl_reuse)", "encryption": "explicit-required", "port": $p },
    "unusedPort": $unused,
    "socks5": { "name": "Dante (SOCKS5)", "port": $((p + 600)), "log": "$state/dante/danted.log" },
    "socks5Login": { "name": "Dante (SOCKS5) with a login", "port": $((p + 601)), "log": "$state/dante-login/danted.log", "user": "$user", "password": "$password" },
    "http": { "name": "tinyproxy (HTTP CONNECT)", "port": $((p + 602)), "log": "$state/tinyproxy/out.log" },
    "httpLogin": { "name": "tinyproxy (HTTP CONNECT) with Basic auth", "port": $((p + 603)), "log": "$state/tinyproxy-login/out.log", "user": "$proxy_user", "password": "$proxy_password" }
  },
  "localTime": [
    { "name": "vsftpd use_localtime in Asia/Tokyo", "encryption": "plain", "port": $((p + 10)), "utcOffsetMinutes": 540 },
    { "name": "proftpd TimesGMT off in Asia/Tokyo", "encryption": "explicit-required", "port": $((p + 11)), "utcOffsetMinutes": 540 }
  ],
  "ipv6": [
    { "name": "vsftpd explicit TLS on ::1 (listen_ipv6)", "encryption": "explicit-required", "host": "::1", "port": $((p + 20)) }
  ],
  "connectionLimited": [
    { "name": "vsftpd max_per_ip=2", "encryption": "plain", "port": $((p + 21)), "maxConnections": 2 }
  ],
  "activeMode": [
    { "name": "vsftpd pasv_enable=NO, plain FTP", "encryption": "plain", "port": $((p + 30)), "refusesPassive": true },
    { "name": "vsftpd pasv_enable=NO, explicit TLS (require_ssl_reuse)", "encryption": "explicit-required", "port": $((p + 31)), "refusesPassive": true },
    { "name": "proftpd mod_tls explicit, in active mode", "encryption": "explicit-required", "port": $((p + 4)), "refusesPassive": false }
  ],
  "latency": [$( if [ "$latency" = 1 ]; then printf '
    { "name": "vsftpd explicit TLS (require_ssl_reuse)", "encryption": "explicit-required", "port": %s, "passivePorts": [%s, %s] },
    { "name": "proftpd mod_tls explicit", "encryption": "explicit-required", "port": %s, "passivePorts": [%s, %s] }
  ' $((p + 6)) $((p + 280)) $((p + 300)) $((p + 7)) $((p + 310)) $((p + 330)); fi )]
}
JSON
}

stop() {
  # Every server runs in the foreground, so the pid that start recorded is the server's.
  for pidfile in "$state"/*/pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
}

case "${1:-}" in
  install) install ;;
  start) state=${2:?STATE_DIR}; start ;;
  stop) state=${2:?STATE_DIR}; stop ;;
  *) die "usage: $0 install | start STATE_DIR | stop STATE_DIR" ;;
esac
