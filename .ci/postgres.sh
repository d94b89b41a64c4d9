# Sourced by .ci/run: a private PostgreSQL for the suite (Debian's package, installed when missing),
# in its own data directory on its own port, stopped when the run ends. Exports BAKEN_TEST_PG_URL.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$pg_bin" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
pg_dir="$(mktemp -d /tmp/baken-ci-pg.XXXXXX)"
pg_port="${BAKEN_CI_PG_PORT:-55433}"
# PostgreSQL refuses to run as root: the package's postgres user owns the private cluster then.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U baken --auth=trust --locale=C.UTF-8 -E UTF8 >"$pg_dir/initdb.log"
# fsync off: a CI cluster is thrown away; max_connections covers the suite's parallel workers and servers.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=500" start >/dev/null
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true' EXIT
export BAKEN_TEST_PG_URL="postgres://baken@127.0.0.1:$pg_port/postgres"
echo "ci: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port ($pg_dir)"
