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

mkdir -p .tmp
status=0
pnpm exec vitest run --coverage --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@" || status=$?
node tooling/scripts/test-summary.mjs .tmp/vitest.json || status=1
exit $status
