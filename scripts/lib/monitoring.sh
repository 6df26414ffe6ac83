#!/usr/bin/env bash
# Local Prometheus for deploy.sh --with-monitoring and test.sh: the repo's config and rules
# (monitoring/prometheus), with a file_sd targets file generated from the SERVICES table so it
# scrapes the real ports. Sourced after common.sh and export_service_urls.

ensure_prometheus() { command -v prometheus >/dev/null && command -v promtool >/dev/null || apt_install prometheus; }

# write_prometheus_config DIR [SCRAPE_INTERVAL] — copy config + rules into DIR, targets in DIR/targets.
write_prometheus_config() {
  local dir="$1" interval="${2:-15s}" line name entry port var first=1
  mkdir -p "$dir/rules" "$dir/targets"
  sed -e "s/scrape_interval: 15s/scrape_interval: $interval/" -e "s/evaluation_interval: 15s/evaluation_interval: $interval/" \
    "$ROOT/monitoring/prometheus/prometheus.yml" >"$dir/prometheus.yml"
  cp "$ROOT"/monitoring/prometheus/rules/*.yml "$dir/rules/"
  sed -i "s/interval: 15s/interval: $interval/" "$dir/rules/recording.yml"
  {
    echo "["
    for line in "${SERVICES[@]}"; do
      read -r name entry port <<<"$line"
      var="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_PORT"
      [ "$first" = 1 ] || echo ","
      first=0
      printf '  {"targets": ["127.0.0.1:%s"], "labels": {"job": "%s"}}' "${!var}" "$name"
    done
    echo; echo "]"
  } >"$dir/targets/local.json"
}

# start_prometheus RUN_DIR PORT [SCRAPE_INTERVAL] — Prometheus on loopback, data in RUN_DIR/prometheus.
start_prometheus() {
  local run="$1" port="$2" interval="${3:-15s}"
  ensure_prometheus
  write_prometheus_config "$run/prometheus" "$interval"
  start_bg prometheus "$run" prometheus --config.file="$run/prometheus/prometheus.yml" \
    --storage.tsdb.path="$run/prometheus/data" --web.listen-address="127.0.0.1:$port" \
    --storage.tsdb.retention.time=2d
  echo "$port" >"$run/prometheus.port"
  wait_http "http://127.0.0.1:$port/-/ready" 60 || die "Prometheus did not start; see $run/logs/prometheus.log"
}
