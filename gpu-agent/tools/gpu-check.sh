#!/usr/bin/env bash
# The GPU agent's checks, in one go, on a machine with a CUDA device. Installs nothing: it needs what README's
# "GPU agents" section lists (an NVIDIA driver, and a CUDA libtorch that DJL can load: PYTORCH_LIBRARY_PATH,
# PYTORCH_VERSION, PYTORCH_FLAVOR). Prints one summary line per check; the details are in the Maven log it names.
# Usage (from the repository root): bash gpu-agent/tools/gpu-check.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
log="$(mktemp -t lorasweep-gpu-check.XXXXXX.log)"

if ! doctor="$(./lorasweep doctor --devices cuda:0 2>&1)"; then
    echo "engine: $(printf '%s\n' "$doctor" | grep -E '^libtorch' | head -1)"
    echo "cuda:0: no CUDA device is visible to the engine; nothing to check on this machine ($(printf '%s\n' "$doctor" | grep -c '^  cuda:') device(s) seen; see README, \"GPU agents\")"
    exit 0
fi
echo "engine: $(printf '%s\n' "$doctor" | grep -E '^libtorch' | head -1)"

./lorasweep test --suite gpu > "$log" 2>&1
status=$?
summary() { grep -h -E "^gpu-check $1" "$log" | tail -1; }
echo "losses (cuda:0 against the CPU run): $(summary losses || true)"
echo "memory (estimate against the device's peak): $(summary memory || true)"
echo "throughput (TinyLlama-1.1B shape, sequences of 512): $(grep -h -E '^gpu-check throughput' "$log" | tr '\n' ';')"
if [ $status -eq 0 ]; then
    echo "result: all GPU checks passed (log: $log)"
else
    echo "result: a GPU check failed (log: $log): $(grep -h -E 'FAIL|Tests run:.*Failures: [1-9]' "$log" | head -1)"
fi
exit $status
