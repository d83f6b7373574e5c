#!/usr/bin/env bash
# Runs every test of the repository, including those that need real services (Redis, promtool, openssl).
# Missing system packages are installed with apt when running as root; otherwise it stops and says what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v promtool >/dev/null || need+=(prometheus)
command -v openssl >/dev/null || need+=(openssl)
# Real network faults (tooling/hardening/test/netns.test.ts); without them, as non-root, those tests skip and say why.
if [ "$(id -u)" = 0 ]; then
  command -v nft >/dev/null || need+=(nftables)
  command -v ip >/dev/null || need+=(iproute2)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing ${need[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test: missing system packages: ${need[*]} (provide redis-server, promtool and openssl on PATH, or run as root with apt)" >&2
    exit 1
  fi
fi

echo "test: lint (biome) and type check (tsc -b)"
pnpm exec biome check . >/dev/null || { pnpm exec biome check . | tail -40; exit 1; }
pnpm exec tsc -b

# The suite runs once per supported Node line, each from the npm package `node` at an exact version. The root's own
# devDependency (24) runs first and alone measures coverage; the others only run the tests, to stay inside CI's time.
# TEST_NODES narrows the matrix (e.g. TEST_NODES=24.21.0 for one run on the root's Node).
# `pnpm test -- --project core` hands vitest a leading `--`, which would make it run every project.
[ "${1:-}" = "--" ] && shift
root_node="$(node --version | sed 's/^v//')"
nodes="${TEST_NODES:-$root_node 22.23.3 26.10.0}"
mkdir -p .tmp
rm -f .tmp/vitest-node-*.json
status=0
reports=()
for version in $nodes; do
  if [ "$version" = "$root_node" ]; then
    bin="$(dirname "$(command -v node)")"
  else
    bin="$PWD/.tmp/node-$version/node_modules/node/bin"
    if [ ! -x "$bin/node" ]; then
      echo "test: installing node@$version (npm package) into .tmp/node-$version"
      npm i --prefix ".tmp/node-$version" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$version" >/dev/null
    fi
  fi
  actual="$(PATH="$bin:$PATH" node --version)"
  if [ "$actual" != "v$version" ]; then
    echo "test: expected Node v$version on PATH, found $actual" >&2
    exit 1
  fi
  coverage=()
  [ "$version" = "$root_node" ] && coverage=(--coverage)
  report=".tmp/vitest-node-$version.json"
  echo "test: the suite on Node $actual${coverage:+ (with coverage)}"
  PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run "${coverage[@]}" --reporter=default --reporter=json \
    --outputFile.json="$report" "$@" || status=$?
  reports+=("node $version=$report")
done
node tooling/scripts/test-summary.mjs "${reports[@]}" || status=1
exit $status
