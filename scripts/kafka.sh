#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft: broker and controller in one JVM) for development and CI.
#
#   scripts/kafka.sh start    resolve the broker jars with Maven (cached), format storage once, start, wait until it serves
#   scripts/kafka.sh stop     stop the broker started by this script (TERM, then KILL after KAFKA_STOP_TIMEOUT seconds)
#   scripts/kafka.sh status   print the state; exit 0 when a broker answers on KAFKA_HOST:KAFKA_PORT, 3 otherwise
#   scripts/kafka.sh restart
#
# A three-node KRaft cluster on loopback for the replication fault tests (its own ports and state,
# independent of the single broker above; every node is broker and controller):
#   scripts/kafka.sh cluster start|stop|status|restart   all three nodes
#   scripts/kafka.sh cluster start|stop|kill|status N    node N (1-3) only; kill is SIGKILL
# Node N listens on KAFKA_CLUSTER_PORT+2(N-1) (default 39092, 39094, 39096), its controller on the
# next port (39093, 39095, 39097). `cluster start` prints KAFKA_CLUSTER_BROKERS=…
#
# Environment (all optional): KAFKA_VERSION, KAFKA_HOST (127.0.0.1), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT, KAFKA_STOP_TIMEOUT,
# PXG_CACHE (jar cache and runtime state, default ~/.cache/procurement-exchange); for the cluster
# KAFKA_CLUSTER_PORT (39092) and KAFKA_CLUSTER_HEAP_OPTS (-Xms128m -Xmx384m per node). See docs/operations.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Newest Kafka release verified against kafkajs 2.2.4 (see docs/operations.md, "kafkajs and Kafka 4").
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
PXG_CACHE="${PXG_CACHE:-$HOME/.cache/procurement-exchange}"

libs="$PXG_CACHE/kafka-$KAFKA_VERSION/libs"
state="$PXG_CACHE/var/kafka-$KAFKA_PORT"
data="$state/data-$KAFKA_VERSION"
logs="$state/logs"
props="$state/server.properties"
pidfile="$state/kafka.pid"

say() { printf 'kafka: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

java_bin() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  command -v "$java" >/dev/null 2>&1 || die "java not found (Kafka $KAFKA_VERSION needs Java 17 or newer)"
  local major
  major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "Java ${major:-?} found; the Kafka $KAFKA_VERSION broker needs Java 17 or newer"
  printf '%s' "$java"
}

# Broker jars: resolved once per version with Maven into the cache, then reused.
fetch_libs() {
  [[ -f "$libs/.complete" ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed once to fetch the Kafka $KAFKA_VERSION jars"
  say "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its runtime dependencies with Maven"
  local tmp="$libs.partial.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -q -B -f "$here/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >&2; then
    rm -rf "$tmp"
    die "Maven could not resolve Kafka $KAFKA_VERSION"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after resolution"; }
  rm -rf "$libs"
  mv "$tmp" "$libs"
  touch "$libs/.complete"
}

read_pid() {
  [[ -f "$pidfile" ]] && tr -dc '0-9' <"$pidfile" || true
}

# True when pid is a live broker JVM started with this state directory's configuration.
is_our_broker() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "kafka.Kafka $props"
}

# Alive and not a zombie (a child that already exited but is not yet reaped still has a /proc entry).
alive() {
  local pid="$1" stat
  [[ -n "$pid" ]] && stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# Any broker JVM left behind with this configuration (e.g. the pid file was lost): found by its exact config path.
stray_pids() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    is_our_broker "$pid" 2>/dev/null && printf '%s\n' "$pid"
  done
  return 0
}

port_open() {
  (exec 3<>"/dev/tcp/$KAFKA_HOST/$KAFKA_PORT") 2>/dev/null
}

# A real Metadata request (API key 3, version 4, all topics): succeeds once the broker serves clients
# and reports at least one live broker.
metadata_ok() {
  local reply
  reply="$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/$KAFKA_HOST/$KAFKA_PORT" || exit 1
    # size=18 | api_key=3 | api_version=4 | correlation_id=1 | client_id="pxg" | topics=null | allow_auto_topic_creation=false
    printf '\x00\x00\x00\x12\x00\x03\x00\x04\x00\x00\x00\x01\x00\x03pxg\xff\xff\xff\xff\x00' >&3
    timeout 5 head -c 16 <&3 | od -An -v -tx1 | tr -d ' \n'
  )" || return 1
  # Response: size(4) correlation_id(4) throttle_time_ms(4) broker_count(4)
  [[ ${#reply} -eq 32 && ${reply:8:8} == 00000001 && ${reply:24:8} != 00000000 ]]
}

render_config() {
  mkdir -p "$state" "$data" "$logs"
  sed -e "s|@HOST@|$KAFKA_HOST|g" -e "s|@PORT@|$KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$data|g" \
      "$here/kafka/server.properties.template" >"$props"
}

java_opts() {
  # shellcheck disable=SC2086
  printf '%s\n' $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$here/kafka/log4j2.xml" "-Dkafka.logs.dir=$logs"
}

format_storage() {
  [[ -f "$data/meta.properties" ]] && return 0
  local java="$1" cluster_id opts
  # A Kafka cluster id is 16 random bytes, base64url without padding; one starting with '-' would read as an option.
  cluster_id=-
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  mapfile -t opts < <(java_opts)
  say "formatting KRaft storage in $data (cluster $cluster_id)"
  "$java" "${opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$props" --ignore-formatted >>"$logs/format.log" 2>&1 \
    || { tail -n 20 "$logs/format.log" >&2; die "storage format failed (see $logs/format.log)"; }
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    # Right after the fork the child may not have exec'd java yet, so liveness is all that can be checked here.
    if ! alive "$pid"; then
      say "broker process $pid exited during start-up; last log lines:"
      tail -n 30 "$logs/stdout.log" "$logs/server.log" >&2 2>/dev/null || true
      rm -f "$pidfile"
      exit 1
    fi
    metadata_ok && return 0
    sleep 0.5
  done
  die "broker did not answer a metadata request on $KAFKA_HOST:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (logs: $logs)"
}

cmd_start() {
  local pid
  pid="$(read_pid)"
  if is_our_broker "$pid"; then
    wait_ready "$pid"
    say "already running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    echo "KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  if port_open; then
    if metadata_ok; then
      say "a Kafka broker not started by this script already answers on $KAFKA_HOST:$KAFKA_PORT; using it"
      echo "KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT"
      return 0
    fi
    die "port $KAFKA_HOST:$KAFKA_PORT is taken by something that is not a Kafka broker; set KAFKA_PORT"
  fi

  local java
  java="$(java_bin)"
  fetch_libs
  render_config
  format_storage "$java"

  local opts
  mapfile -t opts < <(java_opts)
  say "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, state $state)"
  # setsid: the broker gets its own session, so it outlives the calling shell and its job control.
  setsid "$java" "${opts[@]}" -cp "$libs/*" kafka.Kafka "$props" \
    </dev/null >>"$logs/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  wait_ready "$pid"
  say "running (pid $pid)"
  echo "KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT"
}

stop_pid() {
  local pid="$1" deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || return 0
  while is_our_broker "$pid" && ((SECONDS < deadline)); do sleep 0.3; done
  if is_our_broker "$pid"; then
    say "pid $pid still running after ${KAFKA_STOP_TIMEOUT}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while is_our_broker "$pid"; do sleep 0.1; done
  fi
}

cmd_stop() {
  local pid pids
  pid="$(read_pid)"
  pids="$( { is_our_broker "$pid" && echo "$pid"; stray_pids; } | sort -u)"
  if [[ -z "$pids" ]]; then
    say "not running (nothing started by this script for port $KAFKA_PORT)"
    rm -f "$pidfile"
    return 0
  fi
  for pid in $pids; do
    say "stopping pid $pid"
    stop_pid "$pid"
  done
  rm -f "$pidfile"
  say "stopped"
}

cmd_status() {
  local pid
  pid="$(read_pid)"
  if is_our_broker "$pid"; then
    if metadata_ok; then
      echo "kafka: running (pid $pid, version $KAFKA_VERSION) on $KAFKA_HOST:$KAFKA_PORT"
      return 0
    fi
    echo "kafka: starting or unresponsive (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    return 1
  fi
  if metadata_ok; then
    echo "kafka: a broker not started by this script answers on $KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  echo "kafka: stopped ($KAFKA_HOST:$KAFKA_PORT)"
  return 3
}

# ---------------------------------------------------------------- the three-node cluster

KAFKA_CLUSTER_PORT="${KAFKA_CLUSTER_PORT:-39092}"
KAFKA_CLUSTER_HEAP_OPTS="${KAFKA_CLUSTER_HEAP_OPTS:--Xms128m -Xmx384m}"
CLUSTER_NODES=3
cluster_state="$PXG_CACHE/var/kafka-cluster-$KAFKA_CLUSTER_PORT"

cluster_port() { echo $((KAFKA_CLUSTER_PORT + 2 * ($1 - 1))); }

cluster_brokers() {
  local n list=()
  for ((n = 1; n <= CLUSTER_NODES; n++)); do list+=("$KAFKA_HOST:$(cluster_port "$n")"); done
  (IFS=,; echo "${list[*]}")
}

cluster_voters() {
  local n list=()
  for ((n = 1; n <= CLUSTER_NODES; n++)); do list+=("$n@$KAFKA_HOST:$(($(cluster_port "$n") + 1))"); done
  (IFS=,; echo "${list[*]}")
}

# Points the single-broker helpers above (state, ports, pid file, heap) at node $1 of the cluster.
use_node() {
  local n="$1"
  KAFKA_PORT="$(cluster_port "$n")"
  KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
  KAFKA_HEAP_OPTS="$KAFKA_CLUSTER_HEAP_OPTS"
  state="$cluster_state/node-$n"
  data="$state/data-$KAFKA_VERSION"
  logs="$state/logs"
  props="$state/server.properties"
  pidfile="$state/kafka.pid"
}

render_node_config() {
  local n="$1"
  mkdir -p "$state" "$data" "$logs"
  sed -e "s|@NODE_ID@|$n|g" -e "s|@HOST@|$KAFKA_HOST|g" -e "s|@PORT@|$KAFKA_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@VOTERS@|$(cluster_voters)|g" -e "s|@DATA_DIR@|$data|g" \
      "$here/kafka/cluster.properties.template" >"$props"
}

# One cluster id for all nodes, drawn once and kept with the cluster's state.
cluster_id() {
  local file="$cluster_state/cluster.id" id=-
  if [[ ! -s "$file" ]]; then
    mkdir -p "$cluster_state"
    while [[ "$id" == -* ]]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"; done
    echo "$id" >"$file"
  fi
  cat "$file"
}

format_node() {
  [[ -f "$data/meta.properties" ]] && return 0
  local java="$1" opts
  mapfile -t opts < <(java_opts)
  "$java" "${opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$(cluster_id)" -c "$props" --ignore-formatted >>"$logs/format.log" 2>&1 \
    || { tail -n 20 "$logs/format.log" >&2; die "storage format of node in $state failed"; }
}

# Launches node $1 unless it runs already; does not wait (a lone node cannot serve without a quorum).
launch_node() {
  local n="$1" java="$2" pid opts
  use_node "$n"
  pid="$(read_pid)"
  if is_our_broker "$pid"; then return 0; fi
  port_open && die "port $KAFKA_HOST:$KAFKA_PORT (cluster node $n) is taken by a process this script did not start"
  render_node_config "$n"
  format_node "$java"
  mapfile -t opts < <(java_opts)
  say "starting cluster node $n on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, state $state)"
  setsid "$java" "${opts[@]}" -cp "$libs/*" kafka.Kafka "$props" </dev/null >>"$logs/stdout.log" 2>&1 &
  echo "$!" >"$pidfile"
}

cluster_nodes() {
  if [[ -n "${1:-}" ]]; then
    [[ "$1" =~ ^[1-3]$ ]] || die "no cluster node '$1' (nodes are 1, 2, 3)"
    echo "$1"
  else
    seq 1 "$CLUSTER_NODES"
  fi
}

cluster_start() {
  local java n
  java="$(java_bin)"
  fetch_libs
  for n in $(cluster_nodes "${1:-}"); do launch_node "$n" "$java"; done
  for n in $(cluster_nodes "${1:-}"); do
    use_node "$n"
    wait_ready "$(read_pid)"
  done
  say "cluster node(s) $(cluster_nodes "${1:-}" | tr '\n' ' ')running"
  echo "KAFKA_CLUSTER_BROKERS=$(cluster_brokers)"
}

# Stops node(s): TERM (a controlled shutdown that hands leaderships over), or KILL with signal KILL.
cluster_stop() {
  local signal="$1" n pid
  # The whole cluster: every node gets TERM at once, so all controlled shutdowns run while the
  # controller quorum still exists (one by one, the last node would wait for a quorum that is gone).
  if [[ "$signal" == TERM && -z "${2:-}" ]]; then
    for n in $(cluster_nodes); do
      use_node "$n"
      pid="$(read_pid)"
      is_our_broker "$pid" && kill -TERM "$pid" 2>/dev/null || true
    done
  fi
  for n in $(cluster_nodes "${2:-}"); do
    use_node "$n"
    pid="$(read_pid)"
    if ! is_our_broker "$pid"; then
      pid="$(stray_pids | head -n 1)"
      [[ -n "$pid" ]] || { say "cluster node $n not running"; rm -f "$pidfile"; continue; }
    fi
    if [[ "$signal" == KILL ]]; then
      say "killing cluster node $n (pid $pid)"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid" && is_our_broker "$pid"; do sleep 0.1; done
    else
      say "stopping cluster node $n (pid $pid)"
      stop_pid "$pid"
    fi
    rm -f "$pidfile"
  done
}

# Exit 0 when every named node runs and serves, 3 when none runs, 1 otherwise.
cluster_status() {
  local n pid up=0 total=0
  for n in $(cluster_nodes "${1:-}"); do
    use_node "$n"
    total=$((total + 1))
    pid="$(read_pid)"
    if is_our_broker "$pid" && metadata_ok; then
      echo "kafka cluster node $n: running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
      up=$((up + 1))
    elif is_our_broker "$pid"; then
      echo "kafka cluster node $n: starting or unresponsive (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    else
      echo "kafka cluster node $n: stopped ($KAFKA_HOST:$KAFKA_PORT)"
    fi
  done
  ((up == total)) && return 0
  ((up == 0)) && return 3
  return 1
}

cmd_cluster() {
  case "${1:-}" in
    start) cluster_start "${2:-}" ;;
    stop) cluster_stop TERM "${2:-}" ;;
    kill) [[ -n "${2:-}" ]] || die "cluster kill needs a node number"; cluster_stop KILL "$2" ;;
    status) cluster_status "${2:-}" ;;
    restart) cluster_stop TERM "${2:-}"; cluster_start "${2:-}" ;;
    *) echo "usage: $0 cluster start|stop|kill|status|restart [1|2|3]" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  cluster) shift; cmd_cluster "$@" ;;
  *) echo "usage: $0 start|stop|status|restart, or $0 cluster start|stop|kill|status|restart [node]" >&2; exit 2 ;;
esac
