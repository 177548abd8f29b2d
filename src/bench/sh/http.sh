#!/usr/bin/env bash
# The decision endpoint against nginx, over loopback, with wrk. Starts the built ipaccess jar
# (serve on 127.0.0.1, temp data dir, a 100-entry allow list that holds 127.0.0.1) and an nginx
# from Debian's packages with two servers: a bare `return 204`, and `auth_request` to ipaccess's
# GET /authorize. Runs wrk with the same threads, connections and duration against the three.
#
# Usage: src/bench/sh/http.sh OUT_MARKDOWN OUT_TARGETS
# Settings (environment): WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_DURATION (10s).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out_md=${1:?markdown output}
out_targets=${2:?targets output}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-32}
duration=${WRK_DURATION:-10s}
key="ipaccess-bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "http.sh: installing ${missing[*]} from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "http.sh: $1 did not answer in $2 s" >&2; return 1; }
    sleep 0.2
  done
}

[ -f "$root/target/ipaccess.jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package) >&2
app_port=$(free_port)
IPACCESS_ADMIN_API_KEY=$key java -jar "$root/target/ipaccess.jar" serve \
  --data-dir "$work/data" --http-host 127.0.0.1 --http-port "$app_port" \
  >"$work/ipaccess.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$app_port/healthz" 60

# A list of 100 entries that holds the client (127.0.0.1), so every decision runs the matcher.
ips='{"ip":"127.0.0.1"}'
for i in $(seq 1 99); do ips+=",{\"ip\":\"198.18.$i.0/24\"}"; done
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d "{\"ips\":[$ips]}" "http://127.0.0.1:$app_port/v3/access_settings/whitelist"

bare_port=$(free_port)
auth_port=$(free_port)
mkdir -p "$work/nginx/logs" "$work/nginx/www"
: >"$work/nginx/www/empty"
# nginx's worker runs as an unprivileged user: it must be able to read the empty file.
chmod 755 "$work" "$work/nginx" "$work/nginx/www" && chmod 644 "$work/nginx/www/empty"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream ipaccess { server 127.0.0.1:$app_port; keepalive 64; }
  server {
    listen 127.0.0.1:$bare_port;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$auth_port;
    # Not "return 204": return acts in the rewrite phase, before auth_request (access phase)
    # would run. An empty static file is served after the access check instead.
    location / { auth_request /_ipaccess; root $work/nginx/www; try_files /empty =404; }
    location = /_ipaccess {
      internal;
      proxy_pass http://ipaccess/authorize;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
    }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_for "http://127.0.0.1:$bare_port/" 20

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.3f %.3f %.3f %.3f %d %d %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, errors,
    summary.errors.status))
end
LUA

authorize_status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" \
  "http://127.0.0.1:$app_port/authorize")

declare -A result
run_wrk() { # name url
  echo "http.sh: wrk -t$threads -c$connections -d$duration $2" >&2
  wrk -t"$threads" -c"$connections" -d"$duration" -s "$work/report.lua" \
    -H "Authorization: Bearer $key" "$2" >"$work/$1.out" 2>&1
  result[$1]=$(grep '^RESULT' "$work/$1.out" | cut -d' ' -f2-)
}
run_wrk bare "http://127.0.0.1:$bare_port/"
if [ "$authorize_status" = 204 ]; then
  run_wrk auth "http://127.0.0.1:$auth_port/"
  run_wrk direct "http://127.0.0.1:$app_port/authorize"
fi

{
  echo "wrk ${threads} threads, ${connections} connections, ${duration} per row, over loopback;"
  echo "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), 1 worker; ipaccess with a 100-entry list"
  echo "that holds the client. Latency in ms."
  echo
  echo "| target | requests/s | p50 | p90 | p99 | max | non-2xx | socket errors | vs nginx 204 |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  row() { # label name
    read -r rps p50 p90 p99 max total errors status <<<"${result[$2]}"
    read -r bare_rps _ <<<"${result[bare]}"
    ratio=$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
    echo "| $1 | $rps | $p50 | $p90 | $p99 | $max | $status | $errors | ${ratio}x |"
  }
  row "nginx \`return 204\`" bare
  if [ "$authorize_status" = 204 ]; then
    row "nginx \`auth_request\` -> ipaccess /authorize" auth
    row "ipaccess GET /authorize directly" direct
  else
    echo "| nginx \`auth_request\` -> ipaccess /authorize | skipped | | | | | | | |"
    echo "| ipaccess GET /authorize directly | skipped | | | | | | | |"
    echo
    echo "**Skipped:** GET /authorize answered $authorize_status, not 204, on this build: the"
    echo "decision endpoint is not in it yet, so the two rows that need it were not measured."
  fi
} >"$out_md"

if [ "$authorize_status" = 204 ]; then
  read -r direct_rps _ _ direct_p99 _ <<<"${result[direct]}"
  read -r bare_rps _ <<<"${result[bare]}"
  verdict=$(awk -v a="$direct_rps" -v b="$bare_rps" \
    'BEGIN { print (a >= 0.5 * b) ? "met" : "MISSED" }')
  share=$(awk -v a="$direct_rps" -v b="$bare_rps" 'BEGIN { printf "%.1f%%", 100 * a / b }')
  p99_verdict=$(awk -v p="$direct_p99" 'BEGIN { print (p < 5) ? "met" : "MISSED" }')
  printf 'Decision endpoint: requests/s\t>= 50%% of nginx 204\t%s\t%s\n' "$share" "$verdict" \
    >"$out_targets"
  printf 'Decision endpoint: p99 at that load\t< 5 ms\t%s ms\t%s\n' "$direct_p99" \
    "$p99_verdict" >>"$out_targets"
else
  printf 'Decision endpoint\t>= 50%% of nginx 204, p99 < 5 ms\t%s\tnot measured\n' \
    "not measured (/authorize answered $authorize_status)" >"$out_targets"
fi
cat "$out_md"
