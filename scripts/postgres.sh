#!/usr/bin/env bash
# PostgreSQL for development and CI, using the Debian packaging (postgresql-common clusters).
#
#   scripts/postgres.sh start    install Debian's postgresql if missing, start the cluster that owns PG_PORT
#                                (creating one if none does), ensure role pxg/pxg and database pxg_test,
#                                print DATABASE_URL
#   scripts/postgres.sh stop     stop that cluster
#   scripts/postgres.sh status   print the state; exit 0 when a server accepts connections on PG_HOST:PG_PORT, 3 otherwise
#
# Environment (all optional): PG_HOST (127.0.0.1), PG_PORT (5432), PG_USER (pxg), PG_PASSWORD (pxg),
# PG_DATABASE (pxg_test), PG_START_TIMEOUT (60). See docs/operations.md.
set -euo pipefail

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-pxg}"
PG_PASSWORD="${PG_PASSWORD:-pxg}"
PG_DATABASE="${PG_DATABASE:-pxg_test}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"

say() { printf 'postgres: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

database_url() { printf 'postgres://%s:%s@%s:%s/%s' "$PG_USER" "$PG_PASSWORD" "$PG_HOST" "$PG_PORT" "$PG_DATABASE"; }

# Run a command as the postgres OS user (peer authentication over the local socket).
as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then
    "$@"
  elif [[ "$(id -u)" == 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    sudo -n -u postgres -- "$@"
  fi
}

installed() {
  command -v pg_lsclusters >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

install_server() {
  installed && return 0
  [[ "$(id -u)" == 0 ]] || die "PostgreSQL is not installed; run as root (or: sudo apt-get install -y postgresql)"
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  installed || die "postgresql installed, but no server binary found under /usr/lib/postgresql"
}

# "<version> <name> <status>" of the cluster configured on PG_PORT, if any.
cluster_on_port() {
  pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'
}

newest_version() {
  ls /usr/lib/postgresql | sort -V | tail -n 1
}

accepting() {
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

wait_ready() {
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until accepting; do
    ((SECONDS < deadline)) || die "server on $PG_HOST:$PG_PORT did not accept connections within ${PG_START_TIMEOUT}s"
    sleep 0.3
  done
}

sql() {
  as_postgres psql -X -q -At -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"
}

ensure_role_and_database() {
  # Superuser: tests create and drop schemas freely. Local test credentials only.
  sql -v role="$PG_USER" -v pw="$PG_PASSWORD" <<'SQL'
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
  THEN format('ALTER ROLE %I WITH LOGIN SUPERUSER PASSWORD %L', :'role', :'pw')
  ELSE format('CREATE ROLE %I WITH LOGIN SUPERUSER PASSWORD %L', :'role', :'pw')
END \gexec
SQL
  sql -v db="$PG_DATABASE" -v role="$PG_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

# Planner and server settings of the local cluster, none of which touches durability (fsync and
# synchronous_commit stay on): the gateway's data sits in shared buffers and the OS cache, so an
# index probe costs about what a sequential page read does. Without this a journal that grew since
# its last ANALYZE is scanned whole to look up a batch of event ids or process keys.
SERVER_SETTINGS=(
  "random_page_cost=1.1"
)

tune_server() {
  local setting name value current changed=0
  for setting in "${SERVER_SETTINGS[@]}"; do
    name="${setting%%=*}"
    value="${setting#*=}"
    current="$(sql -c "SELECT setting FROM pg_settings WHERE name = '$name'")"
    if [[ "$current" != "$value" ]]; then
      say "setting $name = $value (was $current)"
      sql -c "ALTER SYSTEM SET $name = '$value'"
      changed=1
    fi
  done
  if ((changed)); then sql -c "SELECT pg_reload_conf()" >/dev/null; fi
}

cmd_start() {
  install_server
  local version name status
  read -r version name status <<<"$(cluster_on_port)" || true
  if [[ -z "${version:-}" ]]; then
    if accepting; then
      say "a PostgreSQL server not managed here already accepts connections on $PG_HOST:$PG_PORT; using it as is"
      echo "DATABASE_URL=$(database_url)"
      return 0
    fi
    version="$(newest_version)"
    name="pxg$PG_PORT"  # one cluster per port, so private test clusters never collide
    say "creating cluster $version/$name on port $PG_PORT"
    pg_createcluster "$version" "$name" --port "$PG_PORT" >&2
    status=down
  fi
  if [[ "$status" != online* ]]; then
    say "starting cluster $version/$name on port $PG_PORT"
    # The socket directory lives on a tmpfs on many systems and may be gone after a reboot.
    install -d -m 2775 -o postgres -g postgres /var/run/postgresql 2>/dev/null || true
    pg_ctlcluster "$version" "$name" start >&2 || {
      tail -n 20 "/var/log/postgresql/postgresql-$version-$name.log" >&2 2>/dev/null || true
      die "could not start cluster $version/$name"
    }
  else
    say "cluster $version/$name already running on port $PG_PORT"
  fi
  wait_ready
  tune_server
  ensure_role_and_database
  echo "DATABASE_URL=$(database_url)"
}

cmd_stop() {
  local version name status
  installed || { say "not installed"; return 0; }
  read -r version name status <<<"$(cluster_on_port)" || true
  if [[ -z "${version:-}" || "$status" != online* ]]; then
    say "not running (no local cluster online on port $PG_PORT)"
    return 0
  fi
  say "stopping cluster $version/$name"
  pg_ctlcluster "$version" "$name" stop -m fast >&2
  say "stopped"
}

cmd_status() {
  local version="" name="" status=""
  installed && { read -r version name status <<<"$(cluster_on_port)" || true; }
  if accepting; then
    if [[ -n "$version" ]]; then
      echo "postgres: running (cluster $version/$name) on $PG_HOST:$PG_PORT; DATABASE_URL=$(database_url)"
    else
      echo "postgres: a server not managed here accepts connections on $PG_HOST:$PG_PORT"
    fi
    return 0
  fi
  echo "postgres: stopped ($PG_HOST:$PG_PORT${version:+, cluster $version/$name})"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
