# shellcheck shell=bash
# Kafka part of scripts/services. Sourced, never executed.
#
# Layout (KAFKA_DIR is <services dir>/kafka):
#   KAFKA_DIR/libs/              jars resolved from Maven Central (scripts/kafka/pom.xml)
#   KAFKA_DIR/server.properties  broker config (rewritten on every start)
#   KAFKA_DIR/cluster.id         KRaft cluster id (generated once)
#   KAFKA_DIR/data/              log.dirs: topic data and the KRaft metadata log
#   KAFKA_DIR/logs/              server.log, state-change.log, kafka.out (stdout/stderr, GC)
#   <services dir>/run/kafka.pid

KAFKA_PORT=${OSPREY_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${OSPREY_KAFKA_CONTROLLER_PORT:-59093}
KAFKA_HEAP_OPTS=${OSPREY_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_STOP_TIMEOUT=${OSPREY_KAFKA_STOP_TIMEOUT:-30}
KAFKA_START_TIMEOUT=${OSPREY_KAFKA_START_TIMEOUT:-90}
KAFKA_HOST=127.0.0.1
KAFKA_POM=$SCRIPTS_DIR/kafka/pom.xml

kafka_resolve_dir() {
  KAFKA_DIR=$SERVICES_DIR/kafka
  KAFKA_LIBS=$KAFKA_DIR/libs
  KAFKA_DATA=$KAFKA_DIR/data
  KAFKA_LOGS=$KAFKA_DIR/logs
  KAFKA_CONF=$KAFKA_DIR/server.properties
  KAFKA_CLUSTER_ID_FILE=$KAFKA_DIR/cluster.id
  KAFKA_PIDFILE=$RUN_DIR/kafka.pid
  KAFKA_PORTFILE=$RUN_DIR/kafka.ports
}

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM" | head -n 1; }

kafka_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA=$JAVA_HOME/bin/java
  elif command -v java >/dev/null 2>&1; then
    JAVA=$(command -v java)
  elif apt_install openjdk-17-jre-headless && command -v java >/dev/null 2>&1; then
    JAVA=$(command -v java)
  else
    die "Java 17 or newer is needed to run Kafka (Debian: apt-get install -y openjdk-17-jre-headless), or use docker-compose.yml"
  fi
  local major
  major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  major=${major#1.}
  if [ -z "$major" ] || [ "${major%%.*}" -lt 17 ]; then
    die "$JAVA is Java ${major:-unknown}; Kafka $(kafka_version) needs Java 17 or newer (set JAVA_HOME)"
  fi
}

kafka_libs_current() {
  [ -f "$KAFKA_LIBS/.resolved" ] &&
    [ "$(cat "$KAFKA_LIBS/.resolved")" = "$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)" ]
}

# Jars are resolved once per version of scripts/kafka/pom.xml.
kafka_ensure_libs() {
  kafka_libs_current && return 0
  local stamp
  stamp=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if ! command -v mvn >/dev/null 2>&1; then
    apt_install maven ||
      die "Maven (mvn) is needed once to download Kafka $(kafka_version) (Debian: apt-get install -y maven), or use docker-compose.yml"
  fi
  log "resolving Kafka $(kafka_version) jars from Maven Central into $KAFKA_LIBS (first run only)"
  local t0 tmp
  t0=$(now)
  tmp=$KAFKA_DIR/libs.partial
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # (Some Maven builds print colour resets even in batch mode: strip them.)
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime </dev/null 2>&1 3>&- 9>&- |
    sed 's/\x1b\[[0-9;]*m//g' >&2; then
    rm -rf "$tmp"
    die "mvn could not resolve Kafka $(kafka_version); check access to Maven Central (see docs/services.md)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Kafka jars missing after resolution"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  printf '%s\n' "$stamp" >"$KAFKA_LIBS/.resolved"
  log "resolved $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$KAFKA_LIBS" | cut -f1)) in $(elapsed "$t0")s"
}

# kafka_tool CLASS ARGS...: run a Kafka command-line class (stdout is the tool's).
kafka_tool() {
  local class=$1
  shift
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SERVICES_D/tools-log4j2.properties" \
    -cp "$KAFKA_LIBS/*" "$class" "$@" 3>&- 9>&-
}

kafka_write_conf() {
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS"
  cat >"$KAFKA_CONF" <<EOF
# Written by scripts/services on every start; edits are overwritten.
# Single-node KRaft: this process is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA

num.partitions=3
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

num.network.threads=2
num.io.threads=4
log.retention.hours=168
log.segment.bytes=67108864
EOF
}

# Format the storage (KRaft metadata log) once, with a generated cluster id.
kafka_format() {
  [ -f "$KAFKA_DATA/meta.properties" ] && return 0
  local id
  if [ -s "$KAFKA_CLUSTER_ID_FILE" ]; then
    id=$(cat "$KAFKA_CLUSTER_ID_FILE")
  else
    id=$(kafka_tool kafka.tools.StorageTool random-uuid) || die "could not generate a Kafka cluster id"
    printf '%s\n' "$id" >"$KAFKA_CLUSTER_ID_FILE"
  fi
  log "formatting Kafka storage in $KAFKA_DATA (cluster id $id)"
  kafka_tool kafka.tools.StorageTool format --cluster-id "$id" --config "$KAFKA_CONF" --ignore-formatted >&2 ||
    die "formatting Kafka storage failed"
}

kafka_running_pid() {
  local pid
  pid=$(read_pid "$KAFKA_PIDFILE")
  if [ -n "$pid" ] && pid_matches "$pid" kafka.Kafka "$KAFKA_CONF"; then
    printf '%s\n' "$pid"
    return 0
  fi
  # Pid file lost or stale: look for our broker by its config path.
  find_pid kafka.Kafka "$KAFKA_CONF"
}

# kafka_api_check PORT: ask the broker for its API versions (a real Kafka request).
kafka_api_check() {
  kafka_tool org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$KAFKA_HOST:$1" >/dev/null 2>&1
}

# kafka_alive PID: the launched process, or (should setsid have forked) our broker, lives.
kafka_alive() { pid_alive "$1" || kafka_running_pid >/dev/null; }

kafka_wait_ready() {
  local pid=$1 t0=$2 deadline
  deadline=$(awk -v a="$t0" -v t="$KAFKA_START_TIMEOUT" 'BEGIN { printf "%d", a + t }')
  while ! port_open "$KAFKA_PORT"; do
    kafka_alive "$pid" || { tail_log "$KAFKA_LOGS/server.log" 40; tail_log "$KAFKA_LOGS/kafka.out" 20; die "Kafka exited during start-up"; }
    [ "${EPOCHSECONDS:-$(date +%s)}" -lt "$deadline" ] || { tail_log "$KAFKA_LOGS/server.log" 40; die "Kafka did not open port $KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"; }
    sleep 0.2
  done
  while ! kafka_api_check "$KAFKA_PORT"; do
    kafka_alive "$pid" || { tail_log "$KAFKA_LOGS/server.log" 40; die "Kafka exited during start-up"; }
    [ "${EPOCHSECONDS:-$(date +%s)}" -lt "$deadline" ] || { tail_log "$KAFKA_LOGS/server.log" 40; die "Kafka did not answer an ApiVersions request within ${KAFKA_START_TIMEOUT}s"; }
    sleep 0.5
  done
}

kafka_stop() {
  local pid
  pid=$(kafka_running_pid) || {
    rm -f "$KAFKA_PIDFILE" "$KAFKA_PORTFILE"
    log "kafka is not running"
    return 0
  }
  # SIGTERM = controlled shutdown.
  stop_pid "$pid" kafka TERM "$KAFKA_STOP_TIMEOUT" || return 1
  rm -f "$KAFKA_PIDFILE" "$KAFKA_PORTFILE"
}

# kafka_start: make sure the broker runs (launching it if needed) without waiting
# for it; kafka_finish then waits until it answers. Callers can do other work between.
kafka_start() {
  kafka_resolve_dir
  mkdir -p "$KAFKA_DIR"
  kafka_find_java
  if ! kafka_libs_current && kafka_running_pid >/dev/null; then
    log "scripts/kafka/pom.xml changed: stopping kafka to replace its jars"
    kafka_stop
  fi
  kafka_ensure_libs
  local pid t0
  t0=$(now)
  if pid=$(kafka_running_pid); then
    if [ "$(cat "$KAFKA_PORTFILE" 2>/dev/null)" != "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ]; then
      log "kafka runs with other ports than OSPREY_KAFKA_PORT/OSPREY_KAFKA_CONTROLLER_PORT: restarting it"
      kafka_stop
    else
      log "kafka already running (pid $pid, port $KAFKA_PORT)"
    fi
  fi
  if ! pid=$(kafka_running_pid); then
    port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is already in use by another program; set OSPREY_KAFKA_PORT to a free port"
    port_open "$KAFKA_CONTROLLER_PORT" &&
      die "port $KAFKA_CONTROLLER_PORT is already in use by another program; set OSPREY_KAFKA_CONTROLLER_PORT to a free port"
    kafka_write_conf
    kafka_format
    log "starting kafka $(kafka_version) on $KAFKA_HOST:$KAFKA_PORT (logs: $KAFKA_LOGS)"
    t0=$(now)
    local -a launcher=()
    command -v setsid >/dev/null 2>&1 && launcher=(setsid)
    # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options
    (cd "$KAFKA_DIR" && exec "${launcher[@]}" "$JAVA" $KAFKA_HEAP_OPTS \
      -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Xlog:gc*:file="$KAFKA_LOGS/gc.log":time,tags:filecount=2,filesize=10M \
      -Dkafka.logs.dir="$KAFKA_LOGS" \
      -Dlog4j2.configurationFile="$SERVICES_D/kafka-log4j2.properties" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF") \
      </dev/null >>"$KAFKA_LOGS/kafka.out" 2>&1 3>&- 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
    printf '%s\n' "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" >"$KAFKA_PORTFILE"
  fi
  KAFKA_LAUNCH_PID=$pid
  KAFKA_T0=$t0
}

kafka_finish() {
  local pid=$KAFKA_LAUNCH_PID t0=$KAFKA_T0
  kafka_wait_ready "$pid" "$t0"
  # The pid we launched may be a wrapper if setsid had to fork; record the JVM.
  pid=$(kafka_running_pid) || die "Kafka is not running after start-up"
  printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
  log "kafka ready (pid $pid) after $(elapsed "$t0")s"
}

kafka_up() {
  kafka_start
  kafka_finish
}

kafka_down() {
  kafka_resolve_dir
  kafka_stop
}

kafka_status() {
  kafka_resolve_dir
  local pid
  if ! pid=$(kafka_running_pid); then
    if [ -f "$KAFKA_DATA/meta.properties" ]; then
      emit "kafka: stopped (data in $KAFKA_DATA)"
    else
      emit "kafka: stopped (not initialised)"
    fi
    return 1
  fi
  local port
  port=$(cut -d' ' -f1 "$KAFKA_PORTFILE" 2>/dev/null)
  port=${port:-$KAFKA_PORT}
  if [ "$port" != "$KAFKA_PORT" ]; then
    warn "kafka listens on $port but OSPREY_KAFKA_PORT is $KAFKA_PORT ('up' restarts it on $KAFKA_PORT)"
  fi
  JAVA=${JAVA:-}
  [ -n "$JAVA" ] || kafka_find_java
  if kafka_api_check "$port"; then
    emit "kafka: running (pid $pid) on $KAFKA_HOST:$port, answering requests; KAFKA_BROKERS=$KAFKA_HOST:$port"
    return 0
  fi
  emit "kafka: running (pid $pid) but not answering on $KAFKA_HOST:$port (logs: $KAFKA_LOGS)"
  return 1
}

kafka_reset() {
  kafka_resolve_dir
  kafka_stop
  log "deleting Kafka data in $KAFKA_DIR (keeping the downloaded jars)"
  rm -rf "$KAFKA_DATA" "$KAFKA_LOGS" "$KAFKA_CONF" "$KAFKA_CLUSTER_ID_FILE"
}
