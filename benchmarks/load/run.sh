#!/usr/bin/env bash
# The HTTP load harness: Carafe against raw Jetty 12, Javalin 7 and Flask on gunicorn, side by
# side on 127.0.0.1, every figure also as a ratio to raw Jetty on virtual threads from the same
# run. See docs/benchmarks.md for what it measures and the numbers of the last full run.
#
#   benchmarks/load/run.sh                 # full run: 20 s warm-up per server, 15 s per scenario
#   benchmarks/load/run.sh --rounds 3      # three rounds, servers in a rotated order each round
#   benchmarks/load/run.sh --smoke         # CI: 1 s per scenario, results under the out dir only
#   benchmarks/load/run.sh --memory 10000  # memory mode: N requests held open by slow handlers, 512 MB heap
#
# Needs benchmarks/target/benchmarks.jar (./mvnw -pl benchmarks -am package -DskipTests), a JDK 25
# (JAVA_HOME, or found as ./mvnw finds it), and wrk, gunicorn and Flask, which it installs from
# Debian with apt-get when missing (as root; --no-install to skip). It talks only to 127.0.0.1,
# every load step is bounded in time, and the servers it starts are killed when it exits.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

duration=15
warmup=20
rounds=1
connections=64
threads=2
servers="raw-jetty-vt,raw-jetty-nb,javalin,carafe,flask"
jar="$repo/benchmarks/target/benchmarks.jar"
out=""
chart="$repo/docs/benchmarks-load.svg"
smoke=false
memory=0
hold=20
install=true
jvm_flags="${CARAFE_BENCH_JVM_FLAGS:--Xms1g -Xmx1g -XX:+UseG1GC}"
flask_workers=$(( 2 * $(nproc) + 1 ))

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options:
  --duration S      seconds per measured scenario (default $duration)
  --warmup S        warm-up seconds per server, spread over its scenarios (default $warmup)
  --rounds N        rounds of every server and scenario (default $rounds)
  --connections C   wrk connections (default $connections)
  --threads T       wrk threads (default $threads)
  --servers LIST    comma-separated from raw-jetty-vt,raw-jetty-nb,javalin,carafe,flask (default all)
  --jar PATH        the benchmarks jar (default benchmarks/target/benchmarks.jar)
  --out DIR         where raw results, logs and the table go (default a new dir under benchmarks/target)
  --chart PATH      the SVG chart to write (default docs/benchmarks-load.svg; --smoke: in the out dir)
  --smoke           CI smoke: 1 s per scenario, 1 s warm-up, 2 s holds, chart into the out dir
  --memory N        memory mode: N concurrent slow requests (carafe and raw-jetty-vt, -Xmx512m)
  --hold S          memory mode: seconds each slow handler sleeps (default $hold)
  --no-install      never apt-get missing tools
JVM flags for every Java server: CARAFE_BENCH_JVM_FLAGS (default: $jvm_flags)
EOF
}

chart_set=false
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --chart) chart="$2"; chart_set=true; shift 2 ;;
    --smoke) smoke=true; shift ;;
    --memory) memory="$2"; shift 2 ;;
    --hold) hold="$2"; shift 2 ;;
    --no-install) install=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1'; see --help" >&2; exit 2 ;;
  esac
done

if $smoke; then
  duration=1; warmup=1; hold=2
  [ "$memory" = 0 ] || memory=$(( memory > 500 ? 500 : memory ))
fi
[ -n "$out" ] || out="$repo/benchmarks/target/load-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
if $smoke && ! $chart_set; then chart="$out/benchmarks-load.svg"; fi

log() { echo "[load] $*" >&2; }
die() { echo "[load] ERROR: $*" >&2; exit 1; }

# ---- tools ---------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [[ ",$servers," == *",flask,"* ]] && [ "$memory" = 0 ]; then
  command -v gunicorn >/dev/null 2>&1 || need+=(gunicorn)
  /usr/bin/python3 -c 'import flask' >/dev/null 2>&1 || need+=(python3-flask)
fi
if [ ${#need[@]} -gt 0 ]; then
  if $install && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing from Debian: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    die "missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root without --no-install"
  fi
fi

java_bin=""
if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi
if [ -z "$java_bin" ] || ! "$java_bin" -version 2>&1 | grep -q 'version "2[5-9]'; then
  JAVA_HOME=""
  # shellcheck source=/dev/null
  . "$repo/.mvn/select-jdk.sh"
  java_bin="$JAVA_HOME/bin/java"
fi
[ -f "$jar" ] || die "no $jar; build it first: ./mvnw -B -pl benchmarks -am package -DskipTests"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
clk_tck=$(getconf CLK_TCK)

# ---- servers -------------------------------------------------------------------------------
server_pid=""
server_port=""
full_port=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME [HEAP_FLAGS]: starts it, sets server_pid and server_port, waits until it answers.
start_server() {
  local name="$1" flags="${2:-$jvm_flags}" logf="$out/server-$1.log" main=""
  case "$name" in
    raw-jetty-vt) main="dev.carafe.benchmarks.servers.RawJettyServer 0 vt" ;;
    raw-jetty-nb) main="dev.carafe.benchmarks.servers.RawJettyServer 0 nonblocking" ;;
    javalin) main="dev.carafe.benchmarks.servers.JavalinServer 0" ;;
    carafe) main="dev.carafe.benchmarks.servers.CarafeServer 0" ;;
    flask) ;;
    *) die "unknown server '$name'" ;;
  esac
  : >"$logf"
  if [ "$name" = flask ]; then
    server_port=$(free_port)
    # Debian's gunicorn and Flask; sync workers, 2 x cores + 1 of them, as gunicorn's docs advise.
    /usr/bin/python3 -m gunicorn -w "$flask_workers" -b "127.0.0.1:$server_port" --chdir "$here" \
      --log-level warning flask_app:app >"$logf" 2>&1 &
    server_pid=$!
  else
    # shellcheck disable=SC2086
    "$java_bin" $flags -cp "$jar" $main >"$logf" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
      grep -q '^READY ' "$logf" && break
      kill -0 "$server_pid" 2>/dev/null || { cat "$logf" >&2; die "$name exited while starting"; }
      sleep 0.1
    done
    grep -q '^READY ' "$logf" || die "$name did not start within 60 s; see $logf"
    server_port=$(sed -n 's#^READY [^ ]* http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$logf" | head -n 1)
    # Carafe serves the full-context scenario from a second app in the same JVM (see CarafeServer)
    full_port=$(sed -n 's#^FULL http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$logf" | head -n 1)
  fi
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$server_port/plaintext" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$logf" >&2; die "$name exited while starting"; }
    sleep 0.1
  done
  die "$name did not answer within 60 s; see $logf"
}

# cpu_ticks PID: user+system clock ticks of PID and its children (gunicorn's workers).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    [ -r "/proc/$p/stat" ] || continue
    # fields after the ")" that ends the command name: utime is the 12th, stime the 13th
    local rest
    rest=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    set -- $rest
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}

# scenario_url NAME
scenario_url() {
  case "$1" in
    plaintext) echo "http://127.0.0.1:$server_port/plaintext" ;;
    json) echo "http://127.0.0.1:$server_port/json" ;;
    params) echo "http://127.0.0.1:$server_port/users/42?q=ada" ;;
    full) echo "http://127.0.0.1:${full_port:-$server_port}/full" ;;
  esac
}

# run_wrk SECONDS URL [HEADER...]: one bounded wrk run; prints wrk's output.
run_wrk() {
  local secs="$1" url="$2"; shift 2
  local hdr=()
  for h in "$@"; do hdr+=(-H "$h"); done
  timeout $(( secs + 30 )) wrk -t"$threads" -c"$connections" -d"${secs}s" --timeout 10s --latency \
    -s "$here/report.lua" "${hdr[@]}" "$url"
}

check_scenario() {
  # Prints the HTTP status of one request to the scenario, so a missing feature shows as a status.
  curl -s -o /dev/null -w '%{http_code}' "${@:2}" "$(scenario_url "$1")" || echo 000
}

# ---- memory mode ---------------------------------------------------------------------------
if [ "$memory" != 0 ]; then
  mem_tsv="$out/memory.tsv"
  printf 'server\tconcurrent\theld_ms\tpeak_inflight\tcompleted\terrors\theap_idle\theap_held\tbytes_per_request\trss_idle_kb\trss_held_kb\n' >"$mem_tsv"
  # Only servers whose handlers may block their thread: a sleeping handler on Jetty's non-blocking
  # path would stall the selector, and gunicorn's few sync workers cannot hold thousands.
  [ "$servers" = "raw-jetty-vt,raw-jetty-nb,javalin,carafe,flask" ] && servers="raw-jetty-vt,carafe"
  IFS=, read -r -a mem_list <<<"$servers"
  for name in "${mem_list[@]}"; do
    case "$name" in raw-jetty-vt|javalin|carafe) ;; *) die "memory mode serves raw-jetty-vt, javalin or carafe, not '$name'" ;; esac
    log "memory: $name with $memory slow requests of ${hold}s, -Xmx512m"
    start_server "$name" "-Xmx512m -XX:+UseG1GC"
    # a short warm-up of the slow path, then the idle live set
    timeout 60 wrk -t1 -c8 -d2s "http://127.0.0.1:$server_port/slow?ms=10" >/dev/null
    idle=$(curl -fsS "http://127.0.0.1:$server_port/_heap?gc=1")
    rss_idle=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
    # the client waits for every request (see SlowClient); the heap is read while they are held
    "$java_bin" -cp "$jar" dev.carafe.benchmarks.servers.SlowClient "$server_port" "$memory" $(( hold * 1000 )) \
      $(( hold * 3 + 60 )) >"$out/memory-$name.client" 2>&1 &
    client_pid=$!
    peak=0
    deadline=$(( $(date +%s) + hold * 3 / 4 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
      cur=$(curl -fsS --max-time 5 "http://127.0.0.1:$server_port/_heap" | sed 's/.*"inflight":\([0-9]*\).*/\1/') || cur=0
      [[ "$cur" =~ ^[0-9]+$ ]] || cur=0
      [ "$cur" -gt "$peak" ] && peak=$cur
      [ "$cur" -ge "$memory" ] && break
      sleep 0.2
    done
    held=$(curl -fsS --max-time 30 "http://127.0.0.1:$server_port/_heap?gc=1")
    rss_held=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
    held_inflight=$(echo "$held" | sed 's/.*"inflight":\([0-9]*\).*/\1/')
    wait "$client_pid" || true
    result=$(grep '^SLOWCLIENT ' "$out/memory-$name.client" || echo "SLOWCLIENT completed=0 errors=$memory")
    completed=$(echo "$result" | sed -n 's/.*completed=\([0-9]*\).*/\1/p')
    errors=$(echo "$result" | sed -n 's/.*errors=\([0-9]*\).*/\1/p')
    heap_idle=$(echo "$idle" | sed 's/.*"heapUsed":\([0-9]*\).*/\1/')
    heap_held=$(echo "$held" | sed 's/.*"heapUsed":\([0-9]*\).*/\1/')
    per=$(( held_inflight > 0 ? (heap_held - heap_idle) / held_inflight : 0 ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$memory" "$(( hold * 1000 ))" "$held_inflight" \
      "$completed" "$errors" "$heap_idle" "$heap_held" "$per" "$rss_idle" "$rss_held" >>"$mem_tsv"
    log "memory: $name held $held_inflight at once; $completed of $memory completed, $errors errors; $per bytes of heap per request; ${result#SLOWCLIENT }"
    cleanup
  done
  /usr/bin/python3 "$here/report.py" memory "$mem_tsv" | tee "$out/memory.md"
  exit 0
fi

# ---- throughput mode -----------------------------------------------------------------------
tsv="$out/results.tsv"
printf 'round\tserver\tscenario\trequests\tseconds\trps\tp50_us\tp99_us\terrors\tcpu_ticks\tclk_tck\tnote\n' >"$tsv"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "kernel: $(uname -r)"
  echo "java: $("$java_bin" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "jvm flags: $jvm_flags"
  echo "wrk: $(wrk -v 2>&1 | head -n 1)"
  echo "wrk load: -t$threads -c$connections, ${duration}s per scenario, ${warmup}s warm-up per server, $rounds round(s)"
  echo "flask: $(/usr/bin/python3 -c 'import importlib.metadata as m; print("Flask", m.version("flask"), "on gunicorn", m.version("gunicorn"))' 2>/dev/null || echo none), $flask_workers sync workers"
} >"$out/meta.txt"

IFS=, read -r -a list <<<"$servers"
for name in "${list[@]}"; do
  case "$name" in raw-jetty-vt|raw-jetty-nb|javalin|carafe|flask) ;; *) die "unknown server '$name'" ;; esac
done
for round in $(seq 1 "$rounds"); do
  # rotate the order each round, so that no server always runs first (or last) on a warming machine
  n=${#list[@]}
  for i in $(seq 0 $(( n - 1 ))); do
    name="${list[$(( (i + round - 1) % n ))]}"
    # full context: Carafe's, and raw Jetty VT answering the same request with the same headers
    # and none of the work (the exchange alone: the ceiling for Carafe's full/plaintext ratio)
    scenarios="plaintext json params"
    case "$name" in carafe|raw-jetty-vt) scenarios="plaintext json params full" ;; esac
    log "round $round: $name"
    start_server "$name"
    # the full-context scenario names its caller (the user context) and sends back the session
    # cookie that a first request set, so every request reads and writes a real session
    full_hdr=("X-User: ada")
    if [[ " $scenarios " == *" full "* ]]; then
      set_cookie=$(curl -fsS -D - -o /dev/null -H "${full_hdr[0]}" "$(scenario_url full)" | tr -d '\r' \
        | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)
      [ -n "$set_cookie" ] && full_hdr+=("Cookie: $set_cookie")
      parts=$(curl -fsS -D - -o /dev/null -H "${full_hdr[0]}" "$(scenario_url full)" | tr -d '\r' | sed -n 's/^[Xx]-[Ff]ull-[Pp]arts: //p')
      if [ -n "$set_cookie" ]; then cookie_note="the first response's cookie sent back"; else cookie_note="none set"; fi
      echo "full-context parts ($name): ${parts:-unknown}; session cookie: $cookie_note" >>"$out/meta.txt"
    fi
    per=$(( warmup / $(echo $scenarios | wc -w) ))
    [ "$per" -ge 1 ] || per=1
    for s in $scenarios; do
      if [ "$s" = full ]; then run_wrk "$per" "$(scenario_url "$s")" "${full_hdr[@]}" >/dev/null
      else run_wrk "$per" "$(scenario_url "$s")" >/dev/null; fi
    done
    for s in $scenarios; do
      if [ "$s" = full ]; then
        curl_hdr=()
        for h in "${full_hdr[@]}"; do curl_hdr+=(-H "$h"); done
        status=$(check_scenario "$s" "${curl_hdr[@]}")
      else
        status=$(check_scenario "$s")
      fi
      note=""
      [ "$status" = 200 ] || note="answers $status"
      before=$(cpu_ticks "$server_pid")
      if [ "$s" = full ]; then wrk_out=$(run_wrk "$duration" "$(scenario_url "$s")" "${full_hdr[@]}")
      else wrk_out=$(run_wrk "$duration" "$(scenario_url "$s")"); fi
      after=$(cpu_ticks "$server_pid")
      echo "$wrk_out" >"$out/wrk-r$round-$name-$s.txt"
      line=$(echo "$wrk_out" | grep '^RESULT ' || true)
      [ -n "$line" ] || die "wrk printed no result for $name $s; see $out/wrk-r$round-$name-$s.txt"
      eval "$(echo "$line" | cut -d' ' -f2- | tr ' ' '\n' | sed 's/^/w_/')"
      errors=$(( w_connect + w_read + w_write + w_status + w_timeout ))
      seconds=$(awk -v d="$w_duration_us" 'BEGIN {printf "%.3f", d / 1e6}')
      rps=$(awk -v r="$w_requests" -v d="$w_duration_us" 'BEGIN {printf "%.1f", r * 1e6 / d}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$s" "$w_requests" "$seconds" "$rps" \
        "$w_p50_us" "$w_p99_us" "$errors" "$(( after - before ))" "$clk_tck" "$note" >>"$tsv"
      log "  $s: $rps req/s, p50 ${w_p50_us} us, p99 ${w_p99_us} us, $errors errors${note:+ ($note)}"
    done
    cleanup
  done
done

mkdir -p "$(dirname "$chart")"
/usr/bin/python3 "$here/report.py" load "$tsv" --meta "$out/meta.txt" --chart "$chart" | tee "$out/table.md"
log "raw results: $tsv; table: $out/table.md; chart: $chart"
