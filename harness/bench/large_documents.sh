#!/usr/bin/env bash
# Time and peak memory of the whole-document commands on two large
# WorkerResult documents, against `validate` of one of them (the loader's own
# cost) in the same run: `diff` of the two must stay near twice that.
#
#   harness/bench/large_documents.sh [ENTRIES]
#
# ENTRIES (default 292000) entries in `details`, each an object of four
# members, give a document of about 50 MB; the two documents differ in every
# 97th entry. Needs a release build and GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
entries=${1:-292000}
portcheck="$root/build/release/harness/cli/portcheck"
[[ -x "$portcheck" ]] || { echo "large_documents: $portcheck is missing: build the release preset first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "large_documents: /usr/bin/time is missing (Debian's time package)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

/usr/bin/python3 - "$root" "$entries" "$scratch" <<'PY'
import json, sys
root, entries, scratch = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = json.load(open(f"{root}/fixtures/python/WorkerResult/all-fields-set.json"))
for name, salt in (("a", 0), ("b", 1)):
    details = {f"check-{i:07d}": {"status": "passed" if (i + salt) % 97 else "failed", "duration": i * 0.25,
                                   "tags": ["lintian", "build", f"t{i % 13}"], "message": "x" * 60}
               for i in range(entries)}
    with open(f"{scratch}/{name}.json", "w") as out:
        json.dump(dict(base, details=details), out)
PY

size=$(stat -c %s "$scratch/a.json")
measure() {  # label, then portcheck's arguments
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$scratch/time" "$portcheck" --project "$root" "$@" > /dev/null 2>&1 || true
  read -r seconds kilobytes < <(tail -n 1 "$scratch/time")
  echo "$label $seconds $kilobytes"
}
{
  measure validate validate --side python --structure WorkerResult "$scratch/a.json"
  measure diff-against-a-fixture diff "$scratch/a.json" "$root/fixtures/rust/WorkerResult/all-fields-set.json" \
    --structure WorkerResult
  measure diff-of-the-two diff "$scratch/a.json" "$scratch/b.json" --structure WorkerResult
} > "$scratch/figures"
awk -v size="$size" '
  NR == 1 { baseline = $3 }
  { rows[NR] = $0 }
  END {
    printf "Two WorkerResult documents of %.1f MB\n\n", size / 1e6
    print "| command | seconds | peak MiB | × validate | × one document |"
    print "|---|---:|---:|---:|---:|"
    for (i = 1; i <= NR; i++) {
      split(rows[i], f, " ")
      printf "| %s | %.2f | %.0f | %.2f | %.2f |\n", f[1], f[2], f[3] / 1024, f[3] / baseline, f[3] * 1024 / size
    }
  }' "$scratch/figures"
