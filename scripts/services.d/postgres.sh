# shellcheck shell=bash
# PostgreSQL part of scripts/services. Sourced, never executed.
#
# Layout (PG_DIR is <services dir>/postgres unless noted in pg_resolve_dir):
#   PG_DIR/data                  the cluster (PGDATA), owned by the server's OS user
#   PG_DIR/postgres.log          server log
#   PG_DIR/superuser.password    password of the `postgres` superuser (generated)
#   <services dir>/run/postgres.pid

PG_PORT=${OSPREY_PG_PORT:-55432}
PG_DB=${OSPREY_PG_DB:-osprey}
PG_USER=${OSPREY_PG_USER:-osprey}
PG_PASSWORD=${OSPREY_PG_PASSWORD:-osprey}
PG_STOP_TIMEOUT=${OSPREY_PG_STOP_TIMEOUT:-30}
PG_SUPERUSER=postgres
PG_HOST=127.0.0.1

# OS user that runs the server: initdb and postgres refuse to run as root.
if is_root; then
  PG_OS_USER=${OSPREY_PG_OS_USER:-postgres}
else
  PG_OS_USER=$(id -un)
fi

pg_url() { printf 'postgres://%s:%s@%s:%s/%s' "$PG_USER" "$PG_PASSWORD" "$PG_HOST" "$PG_PORT" "$PG_DB"; }

# as_pg CMD...: run CMD as the server's OS user, from a directory it can read.
as_pg() {
  if is_root && [ "$PG_OS_USER" != root ]; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd / && "$@")
  fi
}

# Where the cluster lives. Normally <services dir>/postgres; when running as root
# and the server's OS user cannot reach the services dir (for example a checkout
# under a mode-700 home directory), a per-checkout folder under
# /var/lib/osprey-services is used instead.
pg_resolve_dir() {
  PG_DIR=$SERVICES_DIR/postgres
  if is_root && [ "$PG_OS_USER" != root ] && id -u "$PG_OS_USER" >/dev/null 2>&1; then
    if ! runuser -u "$PG_OS_USER" -- test -x "$SERVICES_DIR" 2>/dev/null; then
      local key
      key=$(printf '%s' "$SERVICES_DIR" | sha256sum | cut -c1-12)
      PG_DIR=/var/lib/osprey-services/$key/postgres
    fi
  fi
  PGDATA_DIR=$PG_DIR/data
  PG_LOG=$PG_DIR/postgres.log
  PG_SUPERPW_FILE=$PG_DIR/superuser.password
  PG_PIDFILE=$RUN_DIR/postgres.pid
}

# Newest PostgreSQL server binaries. OSPREY_PG_BINDIR wins; an existing cluster
# prefers the binaries of its own major version.
pg_find_bindir() {
  PG_BIN=
  if [ -n "${OSPREY_PG_BINDIR:-}" ]; then
    [ -x "$OSPREY_PG_BINDIR/postgres" ] || die "OSPREY_PG_BINDIR=$OSPREY_PG_BINDIR has no postgres binary"
    PG_BIN=$OSPREY_PG_BINDIR
    return 0
  fi
  if [ -f "${PGDATA_DIR:-/nonexistent}/PG_VERSION" ]; then
    local v
    v=$(cat "$PGDATA_DIR/PG_VERSION")
    if [ -x "/usr/lib/postgresql/$v/bin/postgres" ]; then
      PG_BIN=/usr/lib/postgresql/$v/bin
      return 0
    fi
  fi
  local d
  d=$(for b in /usr/lib/postgresql/*/bin; do
    [ -x "$b/postgres" ] && [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && printf '%s\n' "$b"
  done | sort -V | tail -n 1) || true
  if [ -n "$d" ]; then
    PG_BIN=$d
    return 0
  fi
  if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN=$(dirname "$(command -v postgres)")
    return 0
  fi
  return 1
}

pg_ensure_installed() {
  pg_find_bindir && return 0
  if apt_install postgresql && pg_find_bindir; then
    return 0
  fi
  cat >&2 <<EOF
[services] error: PostgreSQL server binaries (postgres, initdb, pg_ctl) were not found.
  Install them, then run this command again:
    Debian/Ubuntu (as root):  apt-get update && apt-get install -y postgresql
    Fedora/RHEL:              dnf install postgresql-server
    macOS (Homebrew):         brew install postgresql@16
  or point OSPREY_PG_BINDIR at a folder holding them.
  With a Docker engine you can use docker-compose.yml at the repository root instead:
    docker compose up -d postgres kafka
EOF
  exit 1
}

pg_ensure_os_user() {
  is_root || return 0
  [ "$PG_OS_USER" = root ] && die "PostgreSQL cannot run as root; set OSPREY_PG_OS_USER to another user"
  id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
  log "creating system user $PG_OS_USER to run PostgreSQL"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$PG_OS_USER" >&2 ||
    die "could not create user $PG_OS_USER; set OSPREY_PG_OS_USER to an existing non-root user"
}

# pg_running_pid: pid of our postmaster, if it runs.
pg_running_pid() {
  local pid
  pid=$(read_pid "$PG_PIDFILE")
  if [ -n "$pid" ] && pid_matches "$pid" "$PGDATA_DIR"; then
    printf '%s\n' "$pid"
    return 0
  fi
  pid=$(read_pid "$PGDATA_DIR/postmaster.pid")
  if [ -n "$pid" ] && pid_matches "$pid" "$PGDATA_DIR"; then
    printf '%s\n' "$pid"
    return 0
  fi
  return 1
}

# Port the running server listens on (line 4 of postmaster.pid).
pg_running_port() { sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -cd '0-9'; }

pg_initdb() {
  mkdir -p "$PG_DIR"
  if is_root; then
    if [ "$PG_DIR" != "$SERVICES_DIR/postgres" ]; then
      log "user $PG_OS_USER cannot reach $SERVICES_DIR; keeping PostgreSQL data in $PG_DIR"
      chmod 755 /var/lib/osprey-services "$(dirname "$PG_DIR")"
    fi
    chown "$PG_OS_USER:" "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"
  if is_root && ! runuser -u "$PG_OS_USER" -- test -w "$PG_DIR" 2>/dev/null; then
    die "user $PG_OS_USER cannot write to $PG_DIR; set OSPREY_SERVICES_DIR to a folder it can reach"
  fi
  # The server appends to this log as its own user.
  touch "$PG_LOG"
  is_root && chown "$PG_OS_USER:" "$PG_LOG"
  [ -f "$PGDATA_DIR/PG_VERSION" ] && return 0

  log "initialising a new PostgreSQL cluster in $PGDATA_DIR ($("$PG_BIN/postgres" --version))"
  rm -rf "$PGDATA_DIR" # leftovers of an interrupted initdb
  local pw pwfile
  pw=$(random_secret)
  (umask 077 && printf '%s\n' "$pw" >"$PG_SUPERPW_FILE")
  pwfile=$PG_DIR/.initdb-password
  (umask 077 && printf '%s\n' "$pw" >"$pwfile")
  is_root && chown "$PG_OS_USER:" "$pwfile"
  if ! as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_SUPERUSER" --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C >>"$PG_LOG" 2>&1 3>&- 9>&-; then
    rm -f "$pwfile"
    tail_log "$PG_LOG"
    die "initdb failed"
  fi
  rm -f "$pwfile"
  printf "\n# Settings for the Osprey development/test server (rewritten on every start).\ninclude_if_exists = 'osprey.conf'\n" \
    >>"$PGDATA_DIR/postgresql.conf"
}

pg_write_conf() {
  local conf=$PGDATA_DIR/osprey.conf
  cat >"$conf" <<EOF
# Written by scripts/services on every start; edits are overwritten.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
timezone = 'UTC'
log_timezone = 'UTC'
EOF
  is_root && chown "$PG_OS_USER:" "$conf"
  chmod 600 "$conf"
}

pg_psql_super() {
  PGPASSWORD=$(cat "$PG_SUPERPW_FILE") PGCONNECT_TIMEOUT=5 \
    "$PG_BIN/psql" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

pg_ensure_database() {
  [ -f "$PG_SUPERPW_FILE" ] || die "missing $PG_SUPERPW_FILE; run 'scripts/services reset postgres' to start afresh"
  pg_psql_super -v app_user="$PG_USER" -v app_password="$PG_PASSWORD" -v app_db="$PG_DB" >/dev/null <<'SQL' ||
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'app_user', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'app_user', :'app_password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'app_db') \gexec
SQL
    die "could not create role/database $PG_USER/$PG_DB"
}

pg_wait_ready() {
  local i
  for ((i = 0; i < 150; i++)); do
    if "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2; then
      return 0
    fi
    pg_running_pid >/dev/null || break
    sleep 0.2
  done
  tail_log "$PG_LOG"
  die "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT"
}

pg_stop() {
  local pid
  pid=$(pg_running_pid) || {
    rm -f "$PG_PIDFILE"
    log "postgres is not running"
    return 0
  }
  # SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit.
  stop_pid "$pid" postgres INT "$PG_STOP_TIMEOUT" || return 1
  rm -f "$PG_PIDFILE"
}

pg_up() {
  pg_resolve_dir
  pg_ensure_installed
  pg_ensure_os_user
  pg_resolve_dir # the OS user may have just been created
  pg_find_bindir
  pg_initdb
  pg_find_bindir # now matches the cluster's major version
  local pid port
  if pid=$(pg_running_pid); then
    port=$(pg_running_port)
    if [ -n "$port" ] && [ "$port" != "$PG_PORT" ]; then
      log "postgres runs on port $port but OSPREY_PG_PORT is $PG_PORT: restarting it"
      pg_stop
    else
      log "postgres already running (pid $pid, port $PG_PORT)"
    fi
  fi
  if ! pid=$(pg_running_pid); then
    port_open "$PG_PORT" && die "port $PG_PORT is already in use by another program; set OSPREY_PG_PORT to a free port"
    pg_write_conf
    log "starting postgres on $PG_HOST:$PG_PORT (log: $PG_LOG)"
    local t0
    t0=$(now)
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 -s start </dev/null >&2 3>&- 9>&-; then
      tail_log "$PG_LOG"
      die "PostgreSQL failed to start"
    fi
    pid=$(pg_running_pid) || { tail_log "$PG_LOG"; die "PostgreSQL exited right after starting"; }
    log "postgres started (pid $pid) in $(elapsed "$t0")s"
  fi
  printf '%s\n' "$pid" >"$PG_PIDFILE"
  pg_wait_ready
  pg_ensure_database
  PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" "$(pg_url)" -X -q -tAc 'SELECT 1' >/dev/null ||
    die "cannot connect with $(pg_url)"
}

pg_down() {
  pg_resolve_dir
  pg_stop
}

# pg_status: prints one line on stdout; returns 0 when running and accepting connections.
pg_status() {
  pg_resolve_dir
  local pid
  if ! pid=$(pg_running_pid); then
    if [ -f "$PGDATA_DIR/PG_VERSION" ]; then
      emit "postgres: stopped (data in $PGDATA_DIR)"
    else
      emit "postgres: stopped (not initialised)"
    fi
    return 1
  fi
  pg_find_bindir || true
  local port
  port=$(pg_running_port)
  if [ -n "$port" ] && [ "$port" != "$PG_PORT" ]; then
    warn "postgres listens on $port but OSPREY_PG_PORT is $PG_PORT ('up' restarts it on $PG_PORT)"
  fi
  local PG_PORT=${port:-$PG_PORT}
  if [ -n "$PG_BIN" ] && "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 3; then
    emit "postgres: running (pid $pid) on $PG_HOST:$PG_PORT, accepting connections; DATABASE_URL=$(pg_url)"
    return 0
  fi
  emit "postgres: running (pid $pid) but not accepting connections on $PG_HOST:$PG_PORT (log: $PG_LOG)"
  return 1
}

pg_reset() {
  pg_resolve_dir
  pg_stop
  log "deleting PostgreSQL data in $PG_DIR"
  rm -rf "$PG_DIR"
}
