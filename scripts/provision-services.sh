#!/usr/bin/env bash
# Makes sure the services the tests need are installed and running: Redis, PostgreSQL and
# Chromium (for the simulator's browser test). Idempotent and quick when all is there: apt-get
# runs only for what is missing, and only as root or with sudo. Used by `npm test` (pretest) and
# by .ci/run. When it had to give PostgreSQL a password, it writes TEST_DATABASE_URL to
# .data/test-services.env, which test/global-setup.ts reads.
#
# Respected if set: TEST_REDIS_URL / REDIS_URL (no local Redis is set up), TEST_DATABASE_URL (no
# local PostgreSQL is set up), CHROMIUM_PATH.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Root on CI; a developer running this by hand gets sudo for the system steps.
SUDO=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi

# Polls a check command for up to $1 seconds.
wait_for() {
  local secs=$1 i
  shift
  for ((i = 0; i < secs * 5; i++)); do
    "$@" && return 0
    sleep 0.2
  done
  return 1
}

# Raw inline PING over bash's /dev/tcp: needs no redis-cli, and cannot hang (timeout).
# shellcheck disable=SC2016 # the inner bash expands $line
redis_answers() {
  timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379 && printf "PING\r\n" >&3 && IFS= read -r line <&3 && [[ $line == +PONG* ]]' 2>/dev/null
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 2
  else
    timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null
  fi
}

pg_server_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }

# `psql -w` never prompts: a server that wants a password fails at once.
pg_login_ok() { psql "$1" -X -q -w -tAc 'SELECT 1' >/dev/null 2>&1; }

newest() { sort -V | tail -n 1; }


# --install-redis: what `npm start` needs: redis-server installed (the start command runs a private
# one when nothing answers on 6379). PostgreSQL and Chromium are for the tests.
want_redis=true want_pg=true want_chromium=true start_redis=true
if [[ "${1:-}" == "--install-redis" ]]; then want_pg=false want_chromium=false start_redis=false; fi
if [[ -n "${TEST_REDIS_URL:-}${REDIS_URL:-}" ]]; then want_redis=false; fi
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then want_pg=false; fi

# --- install what is missing ---------------------------------------------------------------
pkgs=()
if $want_redis && ! redis_answers && ! command -v redis-server >/dev/null 2>&1; then pkgs+=(redis-server); fi
if $want_pg && ! pg_answers && ! pg_server_installed; then pkgs+=(postgresql); fi
if $want_chromium && [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null 2>&1; then pkgs+=(chromium); fi

if ((${#pkgs[@]} > 0)); then
  if [[ $(id -u) -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
    die "missing ${pkgs[*]}: install them (Debian/Ubuntu: sudo apt-get install ${pkgs[*]}; macOS: brew install redis postgresql), or set REDIS_URL / TEST_DATABASE_URL / CHROMIUM_PATH"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${pkgs[*]} and there is no apt-get: install them, or set REDIS_URL / TEST_DATABASE_URL"
  log "installing ${pkgs[*]}"
  "${SUDO[@]}" apt-get update -qq
  # Package scripts' chatter goes to /dev/null; errors still reach stderr.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# --- Redis --------------------------------------------------------------------------------
if $want_redis && $start_redis && ! redis_answers; then
  log 'starting redis-server on 127.0.0.1:6379'
  "${SUDO[@]}" redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for 10 redis_answers || die 'redis-server was started but 127.0.0.1:6379 does not answer PING'
fi

# --- PostgreSQL ---------------------------------------------------------------------------
if $want_pg; then
  if ! pg_answers; then
    pg_server_installed || die 'PostgreSQL is not installed and could not be installed'
    ver=$(ls /etc/postgresql 2>/dev/null | newest || true)
    if [[ -z $ver || ! -f /etc/postgresql/$ver/main/postgresql.conf ]]; then
      # The package makes a "main" cluster unless createcluster.conf says not to.
      ver=$(ls /usr/lib/postgresql | newest)
      log "creating PostgreSQL $ver cluster main"
      "${SUDO[@]}" pg_createcluster "$ver" main >/dev/null
    fi
    # Containers have no tmpfiles.d to make the socket directory.
    [[ -d /var/run/postgresql ]] || "${SUDO[@]}" install -d -m 2775 -o postgres -g postgres /var/run/postgresql
    log "starting PostgreSQL $ver main"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$ver" main start || log "pg_ctlcluster start failed; waiting anyway"
    wait_for 30 pg_answers || die "PostgreSQL $ver main does not answer on 127.0.0.1:5432 (see /var/log/postgresql/)"
  fi

  # The tests connect as postgres over 127.0.0.1 (test/global-setup.ts). This machine kind trusts
  # loopback; Debian's default asks for a password (scram-sha-256) that role postgres does not
  # have. Rather than loosen pg_hba.conf, give the role a password and hand it to the tests.
  if command -v psql >/dev/null 2>&1 && ! pg_login_ok 'postgres://postgres@127.0.0.1:5432/postgres'; then
    pw_url='postgres://postgres:postgres@127.0.0.1:5432/postgres'
    if ! pg_login_ok "$pw_url"; then
      log 'setting a password for role postgres (127.0.0.1 wants one)'
      (cd / && "${SUDO[@]}" runuser -u postgres -- psql -X -q -c "ALTER ROLE postgres PASSWORD 'postgres'")
    fi
    pg_login_ok "$pw_url" || die 'cannot log in to PostgreSQL on 127.0.0.1 as postgres, with or without a password'
    export TEST_DATABASE_URL=$pw_url
    mkdir -p .data && printf 'TEST_DATABASE_URL=%s\n' "$pw_url" > .data/test-services.env
  fi
fi

# --- Chromium -----------------------------------------------------------------------------
if [[ -z "${CHROMIUM_PATH:-}" && -x /usr/bin/chromium ]]; then export CHROMIUM_PATH=/usr/bin/chromium; fi

$start_redis || exit 0
log "redis: $(if $want_redis; then redis-server --version 2>/dev/null | cut -d' ' -f3 || echo '?'; else echo "given by URL"; fi)"
log "postgresql: $(if $want_pg; then psql --version 2>/dev/null || echo '?'; else echo "given by TEST_DATABASE_URL"; fi)"
log "chromium: ${CHROMIUM_PATH:-not found}"

