#!/usr/bin/env bash
# Validates wagate's operations files, offline apart from installing its tools:
#
#   - the Prometheus alert rules (promtool check rules) and their unit tests (promtool test rules),
#     and the docker-compose Prometheus configuration (promtool check config);
#   - the Grafana dashboard: every query parses as PromQL, and the metrics the dashboard and the
#     rules use are exactly those listed in ops/metrics-used.txt;
#   - the Kubernetes base: rendered with `kubectl kustomize k8s/`, every object validated against
#     its schema (Kubernetes and Prometheus Operator JSON schemas from the kubernetes-models npm
#     packages, in strict mode so unknown fields fail; Strimzi's KafkaTopic from its CRD), the
#     references between objects resolved, the PrometheusRule equal to the rules file and checked
#     and tested by promtool, the KafkaTopics equal to Topics.java;
#   - docker-compose.yml (docker-compose config), with the files it mounts;
#   - the Dockerfiles: a JRE base, a non-root user, the contract's jar.
#
# Installs what it lacks: promtool (Debian's prometheus), docker-compose, kubectl (Debian's
# kubernetes-client), node and npm, and the npm packages of ops/check (npm ci).
# Every check runs even after one fails; the exit status is non-zero when any failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

passed=0
failed=0
failures=()
apt_updated=false
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log() { printf '%s\n' "$*"; }
die() {
  printf 'ops/validate.sh: %s\n' "$*" >&2
  exit 1
}

# Installs Debian packages, quietly; `apt-get update` once per run.
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing $*: install them (apt-get install $*) or run as root"
  log "installing $* (apt-get)"
  if [ "$apt_updated" = false ]; then
    apt-get update -qq >/dev/null
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have() { command -v "$1" >/dev/null 2>&1; }

# Runs one check: a name, then the command. Its output is shown only when it fails.
check() {
  local name="$1"
  shift
  local output
  if output="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    log "PASS  $name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    log "FAIL  $name"
    printf '%s\n' "$output" | sed 's/^/      /'
  fi
}

# --- tools -------------------------------------------------------------------------------------
have promtool || apt_install prometheus
have docker-compose || apt_install docker-compose
have kubectl || apt_install kubernetes-client
if ! have node || ! have npm; then
  apt_install nodejs npm
fi
for tool in promtool docker-compose kubectl node npm; do
  have "$tool" || die "$tool is still missing after installing it"
done
log "tools: $(promtool --version 2>&1 | head -n 1); docker-compose $(docker-compose version --short 2>/dev/null);" \
  "kubectl $(kubectl version --client 2>/dev/null | head -n 1); node $(node --version)"
npm ci --prefix ops/check --no-audit --no-fund --loglevel=error >/dev/null \
  || die "npm ci in ops/check failed"

# --- Prometheus --------------------------------------------------------------------------------
check "promtool check rules ops/prometheus/wagate-rules.yml" \
  promtool check rules ops/prometheus/wagate-rules.yml
check "promtool test rules ops/prometheus/wagate-rules.test.yml" \
  promtool test rules ops/prometheus/wagate-rules.test.yml
check "promtool check config ops/prometheus/prometheus.yml" \
  promtool check config ops/prometheus/prometheus.yml

# --- dashboard and metrics ---------------------------------------------------------------------
check "dashboard and rules use exactly the metrics of ops/metrics-used.txt" \
  node ops/check/metrics.mjs --repo . --promql-out "$work/dashboard-queries.yml"
dashboard_queries_parse() {
  [ -s "$work/dashboard-queries.yml" ] || { echo "no dashboard queries were extracted"; return 1; }
  promtool check rules "$work/dashboard-queries.yml"
}
check "every dashboard query parses (promtool)" dashboard_queries_parse

# --- Kubernetes --------------------------------------------------------------------------------
render_k8s() { kubectl kustomize k8s/ >"$work/rendered.yaml"; }
check "kubectl kustomize k8s/" render_k8s
validate_k8s() {
  [ -s "$work/rendered.yaml" ] || { echo "nothing rendered"; return 1; }
  node ops/check/k8s.mjs --repo . --rendered "$work/rendered.yaml"
}
check "k8s objects valid against their schemas, references, topics, PrometheusRule" validate_k8s
prometheusrule_rules() {
  mkdir -p "$work/prometheusrule"
  node ops/check/k8s.mjs --repo . --rendered "$work/rendered.yaml" \
    --rules-out "$work/prometheusrule/wagate-rules.yml" || return 1
  [ -s "$work/prometheusrule/wagate-rules.yml" ] || { echo "no PrometheusRule rules extracted"; return 1; }
  cp ops/prometheus/wagate-rules.test.yml "$work/prometheusrule/"
  promtool check rules "$work/prometheusrule/wagate-rules.yml" \
    && promtool test rules "$work/prometheusrule/wagate-rules.test.yml"
}
check "PrometheusRule's rules pass promtool check and test" prometheusrule_rules

# --- docker-compose ----------------------------------------------------------------------------
: >"$work/empty.env"
check "docker-compose config (defaults)" \
  docker-compose --env-file "$work/empty.env" -f docker-compose.yml config -q
check "docker-compose config (.env.example)" \
  docker-compose --env-file .env.example -f docker-compose.yml config -q
compose_files_exist() {
  local status=0 path
  while read -r path; do
    [ -e "$path" ] || { echo "docker-compose.yml mounts or builds $path, which does not exist"; status=1; }
  done < <(grep -oE '\./[A-Za-z0-9_./-]+' docker-compose.yml | sort -u)
  for context in streams-app webhook-ingress sender; do
    [ -f "$context/Dockerfile" ] || { echo "$context/Dockerfile is missing"; status=1; }
  done
  # Grafana loads dashboards from the directory the compose file mounts them at.
  local provider_path
  provider_path="$(sed -n 's/^ *path: *//p' ops/grafana/provisioning/dashboards/wagate.yml)"
  grep -q -- "- ./ops/grafana/dashboards:${provider_path}:ro" docker-compose.yml \
    || { echo "Grafana's dashboard provider reads $provider_path, which compose does not mount"; status=1; }
  return "$status"
}
check "docker-compose mounts and build contexts exist" compose_files_exist

# --- Dockerfiles -------------------------------------------------------------------------------
dockerfile_ok() {
  local file="$1" jar="$2" port="$3" status=0
  grep -qE '^FROM eclipse-temurin:[0-9]+-jre' "$file" || { echo "$file: not on an eclipse-temurin JRE"; status=1; }
  local user
  user="$(sed -n 's/^USER[[:space:]]*//p' "$file" | tail -n 1)"
  case "$user" in
    "" | root | 0 | 0:* | root:*) echo "$file: runs as root (USER '$user')"; status=1 ;;
  esac
  grep -qE "^COPY target/$jar " "$file" || { echo "$file: does not copy target/$jar"; status=1; }
  grep -qE "^EXPOSE $port\$" "$file" || { echo "$file: does not expose $port"; status=1; }
  grep -qE "\"-jar\", \"/opt/wagate/$jar\"" "$file" || { echo "$file: does not run $jar"; status=1; }
  return "$status"
}
streams_state_volume() {
  grep -qE '^VOLUME \["/var/lib/wagate"\]' streams-app/Dockerfile \
    || { echo "streams-app/Dockerfile: no VOLUME /var/lib/wagate"; return 1; }
}
check "streams-app/Dockerfile" dockerfile_ok streams-app/Dockerfile wagate-streams.jar 8081
check "streams-app/Dockerfile declares the state volume" streams_state_volume
check "webhook-ingress/Dockerfile" dockerfile_ok webhook-ingress/Dockerfile wagate-ingress.jar 8080
check "sender/Dockerfile" dockerfile_ok sender/Dockerfile wagate-sender.jar 8082

# --- outcome -----------------------------------------------------------------------------------
if [ "$failed" -gt 0 ]; then
  log "ops/validate.sh FAILED: ${failures[*]}"
fi
log "ops-validate: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
