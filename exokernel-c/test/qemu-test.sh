#!/bin/sh
# Boots build/kernel8.img in QEMU raspi3b and checks the serial markers of the multi-PD demo.
# Env: QEMU_CMD (the qemu command line), TIMEOUT (seconds), LOG (where the serial log goes).
set -u
: "${TIMEOUT:=60}" "${LOG:=build/qemu-test.log}"
start=$(date +%s.%N)
timeout -k 5 "$TIMEOUT" $QEMU_CMD </dev/null >"$LOG" 2>&1
rc=$?
end=$(date +%s.%N)
tr -d '\r' <"$LOG" >"$LOG.txt" && mv "$LOG.txt" "$LOG"
cat "$LOG"
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
need() { if grep -qF -- "$1" "$LOG"; then ok "$1"; else bad "missing marker: $1"; fi; }

if [ $rc -eq 0 ]; then ok "qemu exited by itself (watchdog), rc 0"; else bad "qemu rc $rc (124 = timeout after ${TIMEOUT}s)"; fi
for m in \
  "BOOT: entered at EL2, running at EL1" \
  "BOOT: MMU on (4 KB pages, caches on)" \
  "SMP: 4 of 4 cores online" \
  "BOOT: root task ready" \
  "BOOT: first user instruction at" \
  "ALL TESTS PASSED" \
  "[kernel] halt (code 0)"; do
  need "$m"
done
grep -v '^#' test/markers.txt | grep . >"$LOG.markers"
while IFS= read -r m; do need "$m"; done <"$LOG.markers"
rm -f "$LOG.markers"
if grep -q "KERNEL PANIC" "$LOG"; then bad "kernel panicked"; else ok "no kernel panic"; fi
if grep -q "^TEST .* FAIL" "$LOG"; then bad "a demo test failed: $(grep '^TEST .* FAIL' "$LOG" | head -3 | tr '\n' ' ')"; else ok "no demo test failed"; fi
echo "qemu wall time: $(echo "$end - $start" | bc 2>/dev/null || echo '?') s"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
