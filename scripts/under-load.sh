#!/usr/bin/env bash
# Runs a command several times in a row beside CPU-bound processes, as on a busy laptop, and
# prints how long each run took. Used for issue 21's proof that the tests hold under load:
#   bash scripts/under-load.sh 3 3 npm test      # 3 spinners, 3 runs
set -uo pipefail
spinners=$1 runs=$2
shift 2
pids=()
for _ in $(seq "$spinners"); do node -e 'for(;;);' & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
status=0
for run in $(seq "$runs"); do
  started=$(date +%s)
  "$@"
  code=$?
  echo "under-load: run $run of $runs beside $spinners spinners: exit $code in $(( $(date +%s) - started )) s" >&2
  [ "$code" -eq 0 ] || status=$code
done
exit "$status"
