# Sourced by scripts/test: makes sure a PostgreSQL server answers and exports
# STATIONDESK_TEST_PG_URL for the tests. A URL given beforehand is used as it is.
if [ -n "${STATIONDESK_TEST_PG_URL:-}" ]; then
  printf '\n== PostgreSQL: using the server given in STATIONDESK_TEST_PG_URL\n'
  return 0
fi

pg_password=stationdesk-tests
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "cd /tmp && $*"; else sudo -u postgres sh -c "cd /tmp && $*"; fi
}

if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not installed and could not be installed: the PostgreSQL half is skipped"
  return 0
fi
pg_version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
if [ -z "$pg_version" ]; then
  pg_version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  as_postgres "pg_createcluster $pg_version main" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main"' | grep -q online; then
  printf '\n== starting PostgreSQL %s\n' "$pg_version"
  if [ "$(id -u)" -eq 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
  else
    sudo pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
  fi
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')
as_postgres "psql -q -p $pg_port -c \"ALTER USER postgres PASSWORD '$pg_password'\""
# Databases left by earlier runs (each test makes its own).
as_postgres "psql -p $pg_port -Atc \"SELECT datname FROM pg_database WHERE datname LIKE 'sd_test_%'\"" \
  | while read -r name; do as_postgres "dropdb -p $pg_port --if-exists $name"; done
export STATIONDESK_TEST_PG_URL="postgres://postgres:$pg_password@127.0.0.1:$pg_port/postgres"
printf '\n== PostgreSQL %s answers on port %s\n' "$pg_version" "$pg_port"
