#!/usr/bin/env bash
# The production path, end to end, on this machine's PostgreSQL (CI runs it; < 2 minutes):
# the deploy kit's environment template, migrate, collectstatic, a small demo association,
# gunicorn with verbinding/gunicorn_conf.py, a worker and the scheduler; then scripts/smoke.py
# (readiness, log in, worklist, household page, static file), a background job run by the worker,
# a graceful reload (HUP) under the running server, JSON logs with the request id, and the
# backup-and-restore drill on that database.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/.venv/bin"
PG="${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}"
DB="${SMOKE_DB:-verbinding_smoke}"
PORT="${SMOKE_PORT:-8765}"
TLS_PORT="${SMOKE_TLS_PORT:-8766}"
PLAIN_PORT="${SMOKE_PLAIN_PORT:-8767}"
WORK="$(mktemp -d)"
started=$(date +%s)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\"" 2>/dev/null || true
}
trap cleanup EXIT

# The environment exactly as systemd's EnvironmentFile= reads the template (KEY=VALUE lines),
# then this machine's values for the placeholders.
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  export "${line%%=*}=${line#*=}"
done < deploy/verbinding.env.example
export SECRET_KEY="$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 64)"
export ALLOWED_HOSTS=127.0.0.1 CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT,https://127.0.0.1:$TLS_PORT"
export DATABASE_URL="$PG/$DB" VERBINDING_VAR_DIR="$WORK/var" WEB_BIND="127.0.0.1:$PORT"
export WEB_WORKERS=2 JOBS_HEARTBEAT_SECONDS=2

echo "== [$(( $(date +%s) - started )) s] database $DB: migrate, collectstatic, a small demo association"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\"" -c "CREATE DATABASE \"$DB\""
"$BIN/verbinding" migrate --noinput -v0
"$BIN/verbinding" collectstatic --noinput -v0
"$BIN/verbinding" demo_setup --households 150 --months 6 >/dev/null

echo "== [$(( $(date +%s) - started )) s] start worker, scheduler (once) and gunicorn"
"$BIN/verbinding" worker --worker-id smoke-1 >"$WORK/worker.log" 2>&1 & pids+=($!)
"$BIN/verbinding" scheduler --once
"$BIN/gunicorn" -c python:verbinding.gunicorn_conf --pid "$WORK/web.pid" >"$WORK/web.log" 2>&1 & pids+=($!)

"$BIN/python" scripts/smoke.py "http://127.0.0.1:$PORT" --user adviseur

if command -v nginx >/dev/null 2>&1; then
  echo "== [$(( $(date +%s) - started )) s] the same through the kit's nginx site (TLS on :$TLS_PORT)"
  N="$WORK/nginx"; mkdir -p "$N/snippets"; chmod 755 "$WORK" "$N"  # nginx workers run as nobody
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$N/key.pem" -out "$N/cert.pem" 2>/dev/null
  sed -e "s#/etc/letsencrypt/live/verbinding.example.nl/fullchain.pem#$N/cert.pem#" \
      -e "s#/etc/letsencrypt/live/verbinding.example.nl/privkey.pem#$N/key.pem#" \
      -e "s#/etc/nginx/snippets/#$N/snippets/#; s#/var/log/nginx/#$N/#" \
      -e "s#server 127.0.0.1:8000#server 127.0.0.1:$PORT#" \
      -e "s#listen 443 #listen 127.0.0.1:$TLS_PORT #; s#listen 80;#listen 127.0.0.1:$PLAIN_PORT;#" \
      -e "/listen \[::\]/d" \
      -e "s#ssl_stapling#\# ssl_stapling#" \
      deploy/nginx/verbinding.conf > "$N/site.conf"
  cp deploy/nginx/verbinding-proxy.conf "$N/snippets/"
  printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n include /etc/nginx/mime.types;\n client_body_temp_path %s;\n proxy_temp_path %s;\n include %s/site.conf;\n}\n' \
    "$N" "$N" "$N" "$N" "$N" > "$N/nginx.conf"
  nginx -t -q -c "$N/nginx.conf"
  nginx -c "$N/nginx.conf" -g 'daemon off;' & pids+=($!)
  "$BIN/python" scripts/smoke.py "https://127.0.0.1:$TLS_PORT" --user collega
  curl -ksS -o /dev/null -H 'X-Request-ID: smoke-nginx' "https://127.0.0.1:$TLS_PORT/account/login/"
  sleep 0.5
  grep -q '"request_id":"smoke-nginx"' "$N/verbinding.access.log" \
    || { echo "FAIL nginx's log lacks the request id"; exit 1; }
  grep -q '"request_id": "smoke-nginx"' "$WORK/web.log" \
    || { echo "FAIL the app's log lacks nginx's request id"; exit 1; }
  [ "$(curl -ks -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PLAIN_PORT/")" = 301 ] \
    || { echo "FAIL plain HTTP is not redirected to HTTPS"; exit 1; }
  echo "ok   nginx: TLS, proxy headers, request id in nginx's and the app's logs"
else
  echo "== nginx not installed: the kit's nginx site is not exercised here"
fi

echo "== [$(( $(date +%s) - started )) s] a background job through the queue"
"$BIN/verbinding" shell --no-imports -c "
import time
from django_tasks_db.models import DBTaskResult
from verbinding.jobs.tasks import run_command
job = run_command.enqueue(name='signals')
for _ in range(120):
    status = DBTaskResult.objects.get(pk=job.id).status
    if status in ('SUCCESSFUL', 'FAILED'):
        break
    time.sleep(0.5)
print(('ok  ' if status == 'SUCCESSFUL' else 'FAIL'), f' nightly signals in the worker: job {job.id} {status}')
raise SystemExit(status != 'SUCCESSFUL')
" || { cat "$WORK/worker.log"; exit 1; }

echo "== [$(( $(date +%s) - started )) s] graceful reload (HUP) while serving"
# The master's pid, read once: on HUP gunicorn deletes its pid file and writes it again, and a
# read in between found no file (a CI run failed so on 5 Dec 2026).
master=$(cat "$WORK/web.pid")
old_workers=$(pgrep -P "$master" | sort | tr '\n' ' ')
kill -HUP "$master"
for _ in $(seq 20); do
  new_workers=$(pgrep -P "$master" | sort | tr '\n' ' ')
  [ -n "$new_workers" ] && [ "$new_workers" != "$old_workers" ] && break
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "FAIL a request failed during the reload"; exit 1; }
  sleep 0.5
done
[ "$new_workers" != "$old_workers" ] || { echo "FAIL HUP did not replace the web processes"; exit 1; }
# (an advisor: team leads need their second factor in production, the smoke has a password only)
"$BIN/python" scripts/smoke.py "http://127.0.0.1:$PORT" --user collega >/dev/null
echo "ok   new web processes ($new_workers) serve after the reload"

echo "== [$(( $(date +%s) - started )) s] logs are JSON lines with the request id"
grep -q '"request_id": "smoke-1"' "$WORK/web.log" || { echo "FAIL no JSON log line with the request id"; tail -5 "$WORK/web.log"; exit 1; }
"$BIN/python" -c "
import json, sys
lines = [l for l in open('$WORK/web.log') if l.startswith('{')]
json.loads(lines[-1]); print(f'ok   {len(lines)} JSON log lines, e.g.', lines[-1].strip()[:160])"

echo "== [$(( $(date +%s) - started )) s] verbinding check --deploy with the kit's settings"
"$BIN/verbinding" check --deploy --fail-level ERROR 2>&1 | tail -n 12

echo "== [$(( $(date +%s) - started )) s] backup-and-restore drill"
VERBINDING="$BIN/verbinding" deploy/backup-drill.sh "$DATABASE_URL" "$WORK"

echo "== [$(( $(date +%s) - started )) s] production smoke passed in $(( $(date +%s) - started )) s"
