#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine. Safe to run repeatedly.
set -euo pipefail

need_apt=()
# Flask, for the session-cookie interoperability tests (the machine's Python usually has it).
if ! python3 -c 'import flask' >/dev/null 2>&1; then
  need_apt+=(python3-flask)
fi
# wrk, gunicorn and Debian's Flask, for the load-harness smoke run (benchmarks/load/run.sh --smoke).
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
command -v gunicorn >/dev/null 2>&1 || need_apt+=(gunicorn)
if ! /usr/bin/python3 -c 'import flask' >/dev/null 2>&1 && [[ " ${need_apt[*]-} " != *" python3-flask "* ]]; then
  need_apt+=(python3-flask)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "[ci] installing: ${need_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "[ci] WARNING: cannot install ${need_apt[*]} (no apt-get or not root); tests that need them will skip loudly" >&2
  fi
fi
