#!/usr/bin/env bash
# Registers an experiment and a model, backtests the model out of sample and proposes it for staging — the
# researcher's automation, end to end, through the service's GraphQL and artifact APIs only.
#
# Inputs it creates or downloads through the service: the training dataset and norm_stats.json are exported by the
# service over the experiment's training range and downloaded; the ONNX policy is examples/policy.onnx (a small MLP,
# the demo momentum policy) unless ONNX names another file.
#
# Environment (all optional):
#   BASE_URL         the service (default http://localhost:8080)
#   TOKEN            a bearer token; without it one is requested with the password grant from the provider that
#                    GET $BASE_URL/api/auth names, as USERNAME/PASSWORD (default otto/otto, the dev automation user)
#                    with CLIENT_ID/CLIENT_SECRET (default quarkus-app/secret, the dev client)
#   EXPERIMENT_YAML  the experiment to register (default examples/experiment.yaml)
#   ONNX             the policy to register (default examples/policy.onnx)
#   PRESET           the backtest period, a preset of config/date_ranges.yaml (default test)
#   TARGET_STAGE     staging (default) or production
#   REASON           the proposal's reason
#   TIMEOUT_SECONDS  how long any one wait may take (default 300)
#   WORK_DIR         where downloads go (default a new temporary directory)
# Needs bash, curl, jq and sha256sum. Exits non-zero with the service's error code and message on any refusal.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE_URL="${BASE_URL:-http://localhost:8080}"
BASE_URL="${BASE_URL%/}"
EXPERIMENT_YAML="${EXPERIMENT_YAML:-$HERE/experiment.yaml}"
ONNX="${ONNX:-$HERE/policy.onnx}"
PRESET="${PRESET:-test}"
TARGET_STAGE="${TARGET_STAGE:-staging}"
REASON="${REASON:-Nightly candidate from examples/register-and-propose.sh: out-of-sample backtest on the $PRESET preset}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-300}"
WORK_DIR="${WORK_DIR:-$(mktemp -d)}"
mkdir -p "$WORK_DIR"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }
for tool in curl jq sha256sum; do command -v "$tool" > /dev/null || die "$tool is required"; done

# A file that is missing or empty is refused here already: an empty upload hashes to the SHA-256 of zero bytes.
require_file() {
  [[ -f "$1" ]] || die "$1 does not exist"
  [[ -s "$1" ]] || die "$1 is empty (0 bytes)"
}

# curl with a timeout on every call; fails on transport errors, keeps HTTP errors for the caller to read
http() { curl --silent --show-error --max-time "$TIMEOUT_SECONDS" "$@"; }

if [[ -z "${TOKEN:-}" ]]; then
  discovery="$(http "$BASE_URL/api/auth" | jq -er .discovery)" || die "GET $BASE_URL/api/auth did not name the OIDC provider"
  token_url="$(http "$discovery" | jq -er .token_endpoint)" || die "no token_endpoint at $discovery"
  TOKEN="$(http "$token_url" -d grant_type=password -d "username=${USERNAME:-otto}" -d "password=${PASSWORD:-otto}" \
    -d "client_id=${CLIENT_ID:-quarkus-app}" -d "client_secret=${CLIENT_SECRET:-secret}" | jq -er .access_token)" \
    || die "the provider gave no access token for ${USERNAME:-otto}"
fi
AUTH="Authorization: Bearer $TOKEN"

# gql QUERY [jq-args...]: builds {query, variables} with jq (variables from --arg/--argjson as $v), posts it, prints
# .data; any GraphQL error stops the script with its code and message.
gql() {
  local query="$1"; shift
  local body answer
  body="$(jq -n --arg q "$query" "$@" '{query: $q, variables: ($ARGS.named | del(.q))}')"
  answer="$(http "$BASE_URL/graphql" -H "$AUTH" -H 'Content-Type: application/json' -d "$body")" \
    || die "POST $BASE_URL/graphql failed"
  if jq -e '(.errors // []) | length > 0' <<< "$answer" > /dev/null; then
    die "$(jq -r '.errors[0] | "\(.extensions.code // "ERROR"): \(.message)"' <<< "$answer")"
  fi
  jq -c .data <<< "$answer"
}

# upload FILE KIND: PUT /api/artifacts, checks the service's SHA-256 against the local one, prints it
upload() {
  require_file "$1"
  local answer local_sha sha
  answer="$(http -X PUT "$BASE_URL/api/artifacts?kind=$2" -H "$AUTH" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$1")" || die "upload of $1 failed"
  sha="$(jq -er .sha256 <<< "$answer")" || die "upload of $1 refused: $(jq -r '"\(.code): \(.message)"' <<< "$answer")"
  local_sha="$(sha256sum "$1" | cut -d' ' -f1)"
  [[ "$sha" == "$local_sha" ]] || die "$1 hashes to $local_sha here but $sha at the service"
  echo "$sha"
}

# download SHA FILE: GET /api/artifacts/SHA into FILE, refusing an empty or altered file
download() {
  http --fail -H "$AUTH" -o "$2" "$BASE_URL/api/artifacts/$1" || die "download of artifact $1 failed"
  require_file "$2"
  [[ "$(sha256sum "$2" | cut -d' ' -f1)" == "$1" ]] || die "$2 does not hash to $1"
}

require_file "$EXPERIMENT_YAML"
require_file "$ONNX"

log "1. register the experiment $(basename "$EXPERIMENT_YAML")"
experiment="$(gql 'mutation($yaml: String!) { registerExperiment(yaml: $yaml) { created contract {
  contractId configHash trainRange trainStart trainEnd featureOrderMatchesService } } }' --rawfile yaml "$EXPERIMENT_YAML")"
contract_id="$(jq -r .registerExperiment.contract.contractId <<< "$experiment")"
train_start="$(jq -r .registerExperiment.contract.trainStart <<< "$experiment")"
train_end="$(jq -r .registerExperiment.contract.trainEnd <<< "$experiment")"
echo "experiment: $contract_id (created: $(jq -r .registerExperiment.created <<< "$experiment"), training range $train_start to $train_end)"

log "2. export and download the training dataset and norm_stats.json of $train_start .. $train_end"
range_args=(--arg from "${train_start}T00:00:00Z" --arg to "${train_end}T23:59:59Z")
dataset="$(gql 'mutation($from: DateTime!, $to: DateTime!) { exportDataset(from: $from, to: $to) { sha256 rows } }' "${range_args[@]}")"
dataset_hash="$(jq -r .exportDataset.sha256 <<< "$dataset")"
[[ "$(jq -r .exportDataset.rows <<< "$dataset")" -gt 0 ]] || die "the service has no feature rows in the training range"
download "$dataset_hash" "$WORK_DIR/dataset.csv"
norm="$(gql 'mutation($from: DateTime!, $to: DateTime!) { exportNormStats(from: $from, to: $to) { sha256 } }' "${range_args[@]}")"
download "$(jq -r .exportNormStats.sha256 <<< "$norm")" "$WORK_DIR/norm_stats.json"
echo "dataset: $dataset_hash ($(jq -r .exportDataset.rows <<< "$dataset") rows, $(wc -c < "$WORK_DIR/dataset.csv") bytes)"

log "3. upload the ONNX policy and the norm stats"
onnx_sha="$(upload "$ONNX" onnx)"
norm_sha="$(upload "$WORK_DIR/norm_stats.json" norm_stats)"
echo "onnx: $onnx_sha"
echo "norm_stats: $norm_sha"

log "4. register the model (the service checks the ONNX schema and the feature order)"
model="$(gql 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { modelId stage observationSpec } }' \
  --argjson input "$(jq -n --arg c "$contract_id" --arg o "$onnx_sha" --arg n "$norm_sha" --arg d "$dataset_hash" \
    '{experimentContractId: $c, onnxSha256: $o, normStatsSha256: $n, datasetHash: $d, trainingRunRef: "examples/register-and-propose.sh"}')")"
model_id="$(jq -r .registerModel.modelId <<< "$model")"
echo "model: $model_id ($(jq -r .registerModel.stage <<< "$model"), input $(jq -r .registerModel.observationSpec <<< "$model"))"

log "5. backtest it on the $PRESET preset"
job_id="$(gql 'mutation($m: String!, $p: String) { runBacktest(modelId: $m, preset: $p) { id } }' \
  --arg m "$model_id" --arg p "$PRESET" | jq -er '.runBacktest.id')" || die "runBacktest returned no job"
deadline=$((SECONDS + TIMEOUT_SECONDS))
while :; do
  job="$(gql 'query($id: String!) { backtestJob(id: $id) { status percent error } }' --arg id "$job_id")"
  status="$(jq -er '.backtestJob.status' <<< "$job")" || die "backtest job $job_id is unknown to the service"
  case "$status" in
    completed) break ;;
    failed|cancelled) die "backtest $job_id $status: $(jq -r '.backtestJob.error // ""' <<< "$job")" ;;
  esac
  (( SECONDS < deadline )) || die "backtest $job_id still $status after $TIMEOUT_SECONDS s"
  sleep 1
done
backtest="$(gql 'query($id: String!) { backtest(id: $id) { verified outOfSample signature
  metrics { sharpe maxDrawdown winRate numberOfTrades } } }' --arg id "$job_id")"
echo "backtest: $job_id $(jq -c .backtest <<< "$backtest")"

log "6. propose it for $TARGET_STAGE"
proposal="$(gql 'mutation($m: String!, $s: String!, $b: String!, $r: String!) {
  proposePromotion(modelId: $m, targetStage: $s, backtestId: $b, reason: $r) {
    id status finalDecision recommendation criteria { name threshold actual passed source } } }' \
  --arg m "$model_id" --arg s "$TARGET_STAGE" --arg b "$job_id" --arg r "$REASON")"
echo "proposal: $(jq -c .proposePromotion <<< "$proposal")"
