# Sourced by scripts/test: makes sure a PostgreSQL server answers and exports
# STATIONDESK_TEST_PG_URL for the tests. A URL given beforehand is used as it is.
if [ -n "${STATIONDESK_TEST_PG_URL:-}" ]; then
  printf '\n== PostgreSQL: using the server given in STATIONDESK_TEST_PG_URL\n'
  return 0
fi

# A role of the tests' own, so the machine's postgres role is left as it was.
pg_role=stationdesk_test
pg_password=stationdesk-tests
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "cd / && $*"; else sudo -u postgres sh -c "cd / && $*"; fi
}
skip_postgres() {
  printf '\n== NOTICE: %s: the PostgreSQL half of the server tests is SKIPPED\n' "$1"
}

if ! command -v pg_ctlcluster >/dev/null; then
  skip_postgres "PostgreSQL is not installed and could not be installed"
  return 0
fi
pg_version=$( (ls /etc/postgresql 2>/dev/null || true) | sort -n | tail -n 1)
if [ -z "$pg_version" ]; then
  pg_version=$( (ls /usr/lib/postgresql 2>/dev/null || true) | sort -n | tail -n 1)
  if [ -z "$pg_version" ]; then
    skip_postgres "no PostgreSQL server version is installed"
    return 0
  fi
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
as_postgres "psql -q -p $pg_port -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_role') THEN
    CREATE ROLE $pg_role LOGIN CREATEDB PASSWORD '$pg_password';
  END IF;
END \$\$;
SQL
# Databases left by earlier runs (each test makes its own).
as_postgres "psql -p $pg_port -Atc \"SELECT datname FROM pg_database WHERE datname LIKE 'sd_test_%'\"" \
  | while read -r name; do as_postgres "dropdb -p $pg_port --if-exists $name"; done
export STATIONDESK_TEST_PG_URL="postgres://$pg_role:$pg_password@127.0.0.1:$pg_port/postgres"
printf '\n== PostgreSQL %s answers on port %s\n' "$pg_version" "$pg_port"
