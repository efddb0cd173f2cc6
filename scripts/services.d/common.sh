# shellcheck shell=bash
# Shared helpers for scripts/services. Sourced, never executed.
#
# Conventions:
#   - fd 3 is the caller's real stdout; fd 1 is redirected to stderr by the main
#     script, so only `emit` (and the status/passthrough commands) write to stdout.
#   - fd 9 holds the services lock while `up`/`down`/`reset` run.
#   Processes we spawn must not inherit fd 3 or fd 9 (`3>&- 9>&-`), otherwise
#   `$(scripts/services up)` would never see EOF and the lock would never be released.

log() { printf '[services] %s\n' "$*" >&2; }
warn() { printf '[services] warning: %s\n' "$*" >&2; }
die() {
  printf '[services] error: %s\n' "$*" >&2
  exit 1
}
emit() { printf '%s\n' "$*" >&3; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Seconds since the epoch with sub-second precision (bash >= 5 has EPOCHREALTIME).
now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    printf '%s' "${EPOCHREALTIME/,/.}"
  else
    date +%s.%N
  fi
}

# elapsed START -> "12.3" (seconds, one decimal)
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  timeout 3 bash -c 'exec 5<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null 3>&- 9>&-
}

# pid_alive PID: process exists and is not a zombie.
pid_alive() {
  local pid=${1:-} state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/stat" ] || { kill -0 "$pid" 2>/dev/null; return; }
  state=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# proc_cmdline PID: the command line of PID, arguments separated by spaces.
proc_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null; }

# pid_matches PID NEEDLE...: PID is alive and its command line contains every NEEDLE.
pid_matches() {
  local pid=$1 cmd needle
  shift
  pid_alive "$pid" || return 1
  cmd=$(proc_cmdline "$pid") || return 1
  for needle in "$@"; do
    [[ "$cmd" == *"$needle"* ]] || return 1
  done
}

# find_pid NEEDLE...: first live process whose command line contains every NEEDLE.
find_pid() {
  local d pid
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [ "$pid" = "$$" ] && continue
    if pid_matches "$pid" "$@"; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
  return 1
}

# read_pid FILE: the pid stored in FILE (first line), or nothing.
read_pid() {
  [ -f "$1" ] || return 0
  head -n 1 "$1" 2>/dev/null | tr -cd '0-9'
}

# stop_pid PID NAME SIGNAL TIMEOUT: send SIGNAL, wait up to TIMEOUT seconds,
# then SIGKILL. Returns 0 once the process is gone.
stop_pid() {
  local pid=$1 name=$2 sig=$3 timeout=$4 i
  pid_alive "$pid" || return 0
  log "stopping $name (pid $pid, SIG$sig)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 5; i++)); do
    pid_alive "$pid" || { log "$name stopped"; return 0; }
    sleep 0.2
  done
  warn "$name did not stop within ${timeout}s; sending SIGKILL"
  kill -s KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || { log "$name killed"; return 0; }
    sleep 0.2
  done
  warn "$name (pid $pid) is still alive after SIGKILL"
  return 1
}

# tail_log FILE [LINES]: show the end of a log on stderr, for failure reports.
tail_log() {
  local file=$1 lines=${2:-30}
  [ -f "$file" ] || return 0
  printf '[services] ---- last %s lines of %s ----\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" >&2 || true
  printf '[services] ----\n' >&2
}

# apt_install PACKAGE...: install Debian packages when running as root with apt.
# Returns non-zero when that is impossible (caller prints instructions).
apt_install() {
  is_root || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  log "installing $* with apt-get (this happens once)"
  if [ -z "${OSPREY_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 3>&- 9>&- || return 1
    OSPREY_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 3>&- 9>&-
}

random_secret() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }
