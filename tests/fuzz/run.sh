#!/usr/bin/env sh
# Run the atheris fuzzers for a fixed number of executions (not in CI: minutes, not seconds).
#   tests/fuzz/run.sh            # 200000 runs per target
#   RUNS=1000000 tests/fuzz/run.sh
# Seeds come from the bundled example network; the corpus and any crash files go to a
# temporary folder (printed), never into the repository.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${RUNS:-200000}
python -c "import atheris" 2>/dev/null || python -m pip install --quiet atheris
work=$(mktemp -d "${TMPDIR:-/tmp}/nic-fuzz.XXXXXX")
echo "corpus and crashes: $work"
mkdir -p "$work/yaml" "$work/csv" "$work/crashes"
example="$repo/src/nictools/example"
# the yaml target reads the kind from the first byte (sorted kinds: aim, change-idea,
# drivers, measure, network, pdsa, site); each seed is one example file behind its kind's byte
i=0
find "$example" -name '*.yaml' | sort | while read -r f; do
  case "$f" in
    */aims/*) k='\000' ;; */change-ideas/*) k='\001' ;; */drivers.yaml) k='\002' ;;
    */measures/*) k='\003' ;; */network.yaml) k='\004' ;; */pdsa/*) k='\005' ;; *) k='\006' ;;
  esac
  i=$((i + 1)); { printf "$k"; cat "$f"; } > "$work/yaml/seed$i"
done
find "$example" -name '*.csv' -exec cp {} "$work/csv/" \;
status=0
for target in yaml csv; do
  echo "== $target: $runs runs"
  start=$(date +%s)
  code=0
  PYTHONPATH="$repo/src" python "$here/fuzz_load.py" --target=$target -runs="$runs" -max_len=8192 \
    -artifact_prefix="$work/crashes/$target-" -print_final_stats=1 "$work/$target" \
    > "$work/$target.log" 2>&1 || code=$?
  grep -E "^(Done|stat::|==[0-9]+== ERROR|=== Uncaught)" "$work/$target.log" || true
  echo "== $target: $(( $(date +%s) - start )) s, exit $code (log: $work/$target.log)"
  [ "$code" -eq 0 ] || status=$code
done
exit $status
