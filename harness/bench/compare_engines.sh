#!/usr/bin/env bash
# portcheck scan against the engines a user would otherwise pick, in one run
# on one machine: RapidJSON's and simdjson's DOM parse alone, simdjson's
# On-Demand reading every value (portable, and built for AVX2 where the
# machine has it: the ceiling of judging while parsing), valijson, ajv 8,
# python-jsonschema, portcheck's exact path and fast path, and `portcheck
# scan` with one job, with every core, and as that many independent one-job
# processes at once (the machine's own ceiling for using its cores); then
# `portcheck db-scan` against `psql -A -t` fetching the same rows, in one
# process and as one process per core each scanning its --partition. Prints
# Markdown tables of documents per second with ratios to ajv, to simdjson's
# parse alone and to the independent processes (medians of ROUNDS rounds,
# the engines taking turns within a round so that a slow moment of the
# machine hits them alike).
#
#   harness/bench/compare_engines.sh [DOCUMENTS] [ROUNDS] [PAIRS] [ROWS]
#
# Two jobs against that many processes is also measured on its own, in PAIRS
# rounds (default 25) of the two back to back, in turns of order: a run takes
# about a tenth of a second, so a busy moment of the machine moves a median of
# a few rounds by more than the difference measured; the ratio of each round
# is taken, and their median and quartiles printed. The database table holds
# ROWS rows (default DOCUMENTS) of the same kind of documents.
#
# Needs a release build (cmake --preset release && cmake --build --preset
# release), node and npm (ajv is installed, pinned, into a scratch folder),
# python3-jsonschema, and for the database rows PostgreSQL (scripts/setup
# installs it). The corpus is WorkerResult documents of the Python side, made
# from its fixtures (make_corpus.py): one valid, one with 5% invalid.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
documents=${1:-50000}
rounds=${2:-5}
pairs=${3:-25}
rows=${4:-$documents}
build="$root/build/release"
portcheck="$build/harness/cli/portcheck"
engines="$build/harness/bench/engines_bench"
ajv_version=8.17.1
# The On-Demand walk built for Haswell's instructions, where this machine has them.
haswell=""
if grep -qw avx2 /proc/cpuinfo && grep -qw bmi1 /proc/cpuinfo && grep -qw pclmulqdq /proc/cpuinfo &&
  grep -qw abm /proc/cpuinfo; then
  haswell="$build/harness/bench/engines_bench_haswell"
fi
for tool in "$portcheck" "$engines" $haswell; do
  [[ -x "$tool" ]] || { echo "compare_engines: $tool is missing: build the release preset first" >&2; exit 2; }
done
command -v node > /dev/null && command -v npm > /dev/null ||
  { echo "compare_engines: needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }

scratch=$(mktemp -d /tmp/portcheck-bench.XXXXXX)
db_state="$scratch/db.state"
cleanup() {
  "$root/scripts/test-db" stop "$db_state" > /dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

npm install --prefix "$scratch/npm" --no-audit --no-fund --silent "ajv@$ajv_version" > /dev/null
python3 "$root/harness/bench/make_corpus.py" "$root" python WorkerResult "$documents" "$scratch/valid.jsonl"
python3 "$root/harness/bench/make_corpus.py" "$root" python WorkerResult "$documents" "$scratch/mixed.jsonl" \
  --invalid-percent 5
python3 "$root/harness/bench/make_corpus.py" "$root" python WorkerResult "$rows" "$scratch/rows.jsonl"
cpus=$(nproc)

# Seconds (with nanoseconds) a command takes, its output discarded.
# Wall-clock seconds of a command, read from bash's own clock: forking
# `date` around it would add a few milliseconds to a run of about fifty.
seconds() {
  local start end
  start=$EPOCHREALTIME
  "$@" > /dev/null 2>&1 || [[ $? -eq 1 ]]  # exit 1: failing documents, as in the 5% corpus
  end=$EPOCHREALTIME
  python3 -c "print($end - $start)"
}

# Runs COUNT copies of a command at once and waits for all of them; a copy
# that exits 1 (failing documents) is not an error.
independent() {
  local count=$1 status=0
  shift
  for _ in $(seq "$count"); do "$@" > /dev/null 2>&1 & done
  for job in $(jobs -p); do wait "$job" || [[ $? -eq 1 ]] || status=$?; done
  return "$status"
}

# Runs part K/COUNT of a db-scan in each of COUNT processes at once.
partitions() {
  local count=$1 status=0
  shift
  for part in $(seq "$count"); do "$@" --partition "$part/$count" > /dev/null 2>&1 & done
  for job in $(jobs -p); do wait "$job" || [[ $? -eq 1 ]] || status=$?; done
  return "$status"
}

# rates[<corpus>/<engine>] holds one rate per round, space-separated.
declare -A rates
add() { rates["$1/$2"]+="$3 "; }

for round in $(seq "$rounds"); do
  for corpus in valid mixed; do
    file="$scratch/$corpus.jsonl"
    while IFS=$'\t' read -r engine rate; do add "$corpus" "$engine" "$rate"; done \
      < <("$engines" "$root" python WorkerResult "$file" 1)
    if [[ -n "$haswell" ]]; then
      # Only its On-Demand row: the rest is the portable build's, measured above.
      while IFS=$'\t' read -r engine rate; do
        [[ $engine != simdjson-ondemand-walk-* ]] || add "$corpus" "$engine" "$rate"
      done < <("$haswell" "$root" python WorkerResult "$file" 1)
    fi
    add "$corpus" ajv "$(NODE_PATH="$scratch/npm/node_modules" node "$root/harness/bench/ajv_bench.js" \
      "$root/schemas/python" WorkerResult "$file" 1 | cut -f2)"
    if [[ $round -eq 1 ]]; then
      # Slow enough that one round over the first 10,000 documents is the measure.
      add "$corpus" python-jsonschema "$(python3 -W ignore "$root/harness/bench/jsonschema_bench.py" \
        "$root/schemas/python" WorkerResult "$file" 1 10000 | cut -f2)"
    fi
    for jobs in 1 "$cpus"; do
      t=$(seconds "$portcheck" --project "$root" scan --side python --structure WorkerResult --jobs "$jobs" --quiet "$file")
      add "$corpus" "scan-jobs-$jobs" "$(python3 -c "print(round($documents / $t))")"
    done
    # As many one-job processes as cores, each scanning the whole corpus.
    t=$(seconds independent "$cpus" "$portcheck" --project "$root" scan --side python --structure WorkerResult \
      --jobs 1 --quiet "$file")
    add "$corpus" "scan-$cpus-processes" "$(python3 -c "print(round($cpus * $documents / $t))")"
  done
done

# --jobs N against N independent one-job processes, round by round: the two
# back to back, the one that goes first alternating.
declare -A pair_ratios
for pair in $(seq "$pairs"); do
  for corpus in valid mixed; do
    file="$scratch/$corpus.jsonl"
    scan=("$portcheck" --project "$root" scan --side python --structure WorkerResult --quiet "$file")
    if ((pair % 2)); then
      together=$(seconds "${scan[@]}" --jobs "$cpus")
      apart=$(seconds independent "$cpus" "${scan[@]}" --jobs 1)
    else
      apart=$(seconds independent "$cpus" "${scan[@]}" --jobs 1)
      together=$(seconds "${scan[@]}" --jobs "$cpus")
    fi
    # Rates: one process scans the corpus once; the N processes, N times.
    pair_ratios[$corpus]+="$(python3 -c "print($apart / ($cpus * $together))") "
  done
done

# The database: valid documents as jsonb rows, fetched by psql and scanned.
"$root/scripts/test-db" start "$db_state" > /dev/null
db_folder=$(cat "$db_state")
if [[ -f "$db_folder/dsn" ]]; then
  dsn=$(cat "$db_folder/dsn")
  psql "$dsn" -q -v ON_ERROR_STOP=1 -c "CREATE TABLE bench_run (id serial PRIMARY KEY, result jsonb NOT NULL)"
  # CSV with quote and delimiter bytes that JSON text never holds: each line as it is.
  psql "$dsn" -q -v ON_ERROR_STOP=1 \
    -c "\\copy bench_run (result) FROM '$scratch/rows.jsonl' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
  psql "$dsn" -q -c "VACUUM ANALYZE bench_run"
  query="SELECT id, result FROM bench_run"
  for round in $(seq "$rounds"); do
    t=$(seconds psql "$dsn" -A -t -c "$query")
    add db psql "$(python3 -c "print(round($rows / $t))")"
    for jobs in 1 "$cpus"; do
      t=$(seconds "$portcheck" --project "$root" db-scan --dsn "$dsn" --side python --structure WorkerResult \
        --query "$query" --jobs "$jobs" --quiet)
      add db "db-scan-jobs-$jobs" "$(python3 -c "print(round($rows / $t))")"
    done
    t=$(seconds partitions "$cpus" "$portcheck" --project "$root" db-scan --dsn "$dsn" --side python \
      --structure WorkerResult --query "$query" --jobs 1 --quiet)
    add db "db-scan-$cpus-partitions" "$(python3 -c "print(round($rows / $t))")"
  done
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {print (NR ? v[int((NR+1)/2)] : "")}'; }

echo "$documents WorkerResult documents of $(($(wc -c < "$scratch/valid.jsonl") / documents)) bytes (JSON Lines)," \
  "$cpus cores, medians of $rounds rounds; ajv $ajv_version, node $(node --version)," \
  "python-jsonschema $(python3 -c 'import importlib.metadata as m; print(m.version("jsonschema"))')"
echo
echo "| engine | valid: documents/s | × ajv | × simdjson-parse | 5% invalid: documents/s | × ajv |"
echo "|---|---:|---:|---:|---:|---:|"
ajv_valid=$(echo "${rates[valid/ajv]}" | median)
ajv_mixed=$(echo "${rates[mixed/ajv]}" | median)
ceiling=$(echo "${rates[valid/simdjson-parse]}" | median)
for engine in rapidjson-parse simdjson-parse simdjson-ondemand-walk-fallback simdjson-ondemand-walk-haswell valijson \
  ajv python-jsonschema portcheck-exact-path \
  portcheck-fast-path-rapidjson portcheck-fast-path scan-jobs-1 "scan-jobs-$cpus" "scan-$cpus-processes"; do
  valid=$(echo "${rates[valid/$engine]:-}" | median)
  mixed=$(echo "${rates[mixed/$engine]:-}" | median)
  python3 -c "
v, m, av, am, c = '$valid', '$mixed', float('$ajv_valid'), float('$ajv_mixed'), float('$ceiling')
ratio = lambda x, a: f'{float(x) / a:.2f}' if x else ''
print(f'| $engine | {v} | {ratio(v, av)} | {ratio(v, c)} | {m} | {ratio(m, am)} |')"
done
echo
for corpus in valid mixed; do
  python3 -c "
import statistics
jobs, processes = float('$(echo "${rates[$corpus/scan-jobs-$cpus]}" | median)'), \
  float('$(echo "${rates[$corpus/scan-$cpus-processes]}" | median)')
ratios = sorted(float(r) for r in '${pair_ratios[$corpus]:-}'.split())
line = f'$corpus: scan --jobs $cpus runs at {jobs / processes:.2f} of $cpus independent one-job processes (medians above)'
if ratios:
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    line += (f'; round by round, {statistics.median(ratios):.2f} (quartiles {q[0]:.2f} to {q[2]:.2f},'
             f' {ratios[0]:.2f} to {ratios[-1]:.2f}, {len(ratios)} rounds)')
print(line)"
done
if [[ -n "${rates[db/psql]:-}" ]]; then
  echo
  echo "| database ($rows jsonb rows) | rows/s | × psql -A -t |"
  echo "|---|---:|---:|"
  psql_rate=$(echo "${rates[db/psql]}" | median)
  for engine in psql db-scan-jobs-1 "db-scan-jobs-$cpus" "db-scan-$cpus-partitions"; do
    rate=$(echo "${rates[db/$engine]}" | median)
    python3 -c "print(f'| $engine | $rate | {float($rate) / float($psql_rate):.2f} |')"
  done
fi
