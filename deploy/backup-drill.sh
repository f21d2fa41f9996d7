#!/usr/bin/env bash
# Backup-and-restore drill: dump the database (pg_dump -Fc), restore it into a scratch database
# (pg_restore), and prove the copy is whole: every table has the same number of rows, the audit
# log's append-only trigger came along, and Verbinding itself can open the copy (no migration
# missing, a household readable). Run it monthly against production (it only reads there) and in
# CI on a small database.
#
#   deploy/backup-drill.sh postgres://verbinding:…@127.0.0.1:5432/verbinding [BACKUP_DIR]
#
# Leaves the dump in BACKUP_DIR (default: a temporary folder) and drops the scratch database,
# unless KEEP_RESTORE=1. Exit code 0 = the backup restores; anything else = it does not.
set -euo pipefail

SOURCE_URL="${1:-${DATABASE_URL:-}}"
[ -n "$SOURCE_URL" ] || { echo "usage: $0 DATABASE_URL [BACKUP_DIR]" >&2; exit 2; }
BACKUP_DIR="${2:-$(mktemp -d)}"
VERBINDING="${VERBINDING:-$(command -v verbinding || echo "$(dirname "$0")/../.venv/bin/verbinding")}"

base="${SOURCE_URL%/*}"
source_db="${SOURCE_URL##*/}"; source_db="${source_db%%\?*}"
restore_db="${source_db}_restore_drill"
RESTORE_URL="$base/$restore_db"
maintenance_url="$base/postgres"
dump="$BACKUP_DIR/${source_db}-$(date -u +%Y%m%dT%H%M%SZ).dump"
started=$(date +%s)

echo "== backup: pg_dump -Fc $source_db → $dump"
pg_dump --format=custom --no-owner --file="$dump" "$SOURCE_URL"
echo "   $(du -h "$dump" | cut -f1)"

echo "== restore into $restore_db"
psql -q "$maintenance_url" -c "DROP DATABASE IF EXISTS \"$restore_db\"" -c "CREATE DATABASE \"$restore_db\""
pg_restore --no-owner --exit-on-error --jobs=2 --dbname="$RESTORE_URL" "$dump"

counts() {  # exact row count of every table in the public schema, sorted by name
  psql -At "$1" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) FROM public.%I', tablename, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
}

echo "== compare row counts, table by table"
counts "$SOURCE_URL" > "$BACKUP_DIR/source-counts.txt"
counts "$RESTORE_URL" > "$BACKUP_DIR/restore-counts.txt"
if ! diff -u "$BACKUP_DIR/source-counts.txt" "$BACKUP_DIR/restore-counts.txt"; then
  echo "FAILED: the restored copy differs from the source" >&2; exit 1
fi
tables=$(wc -l < "$BACKUP_DIR/source-counts.txt")
rows=$(awk '{s += $2} END {print s}' "$BACKUP_DIR/source-counts.txt")
echo "   $tables tables, $rows rows: identical"

echo "== the audit log is still append-only in the copy"
triggers=$(psql -At "$RESTORE_URL" -c "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_%' AND NOT tgisinternal")
[ "$triggers" -ge 1 ] || { echo "FAILED: the audit trigger is missing in the copy" >&2; exit 1; }
echo "   $triggers audit trigger(s)"

echo "== Verbinding opens the copy"
DATABASE_URL="$RESTORE_URL" "$VERBINDING" shell --no-imports -c "
from django.core.management import call_command
from verbinding.households.models import Household
from verbinding.audit.models import AuditEvent
call_command('migrate', check_unapplied=True, verbosity=0)  # exits 1 when a migration is missing
print('   no migration missing · households:', Household.objects.count(), '· audit rows:', AuditEvent.objects.count())
" || { echo "FAILED: Verbinding cannot use the copy" >&2; exit 1; }

if [ "${KEEP_RESTORE:-0}" != "1" ]; then
  psql -q "$maintenance_url" -c "DROP DATABASE \"$restore_db\""
fi
echo "== backup drill passed in $(( $(date +%s) - started )) s (dump kept: $dump)"
