#!/usr/bin/env bash
# make test: the host unit tests, then the QEMU proof (the shim runs a static glibc program on
# the GaoOS kernel in QEMU raspi3b); the last line counts both: "N passed, N failed".
set -uo pipefail
B=${B:-build}
SHIM_GUEST_DIR=$B/guest "./$B/host/shim-tests" > "$B/host-tests.log" 2>&1
cat "$B/host-tests.log" | sed '$d'
summary=$(tail -1 "$B/host-tests.log")
passed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
failed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$passed" ]; then echo "  FAIL host tests did not finish: $summary"; passed=0; failed=1; fi
if make -s qemu-proof > "$B/qemu-proof.out" 2>&1; then
  echo "qemu      1 tests, 0 failed (static glibc program through the shim in QEMU raspi3b)"
  passed=$((passed + 1))
else
  echo "  FAIL qemu-proof:"; sed 's/^/    /' "$B/qemu-proof.out" | tail -25
  echo "qemu      1 tests, 1 failed"
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
