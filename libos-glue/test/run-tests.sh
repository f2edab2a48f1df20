#!/usr/bin/env bash
# make test: the host unit tests, then the QEMU proofs (the shim runs glibc programs and Debian's
# OpenJDK 25 `java -version` and JavaSmoke on the GaoOS kernel in QEMU raspi3b); the last line counts all of them:
# "N passed, N failed".
set -uo pipefail
B=${B:-build}
SHIM_GUEST_DIR=$B/guest "./$B/host/shim-tests" > "$B/host-tests.log" 2>&1
cat "$B/host-tests.log" | sed '$d'
summary=$(tail -1 "$B/host-tests.log")
passed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
failed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$passed" ]; then echo "  FAIL host tests did not finish: $summary"; passed=0; failed=1; fi
qp=0; qf=0
for proof in static dynamic signals threads guard bigmem kill time pipe java-version java-smoke java-smoke-smp; do
  if make -s "qemu-proof-$proof" > "$B/qemu-proof-$proof.out" 2>&1; then
    qp=$((qp + 1))
  else
    echo "  FAIL qemu-proof-$proof:"; sed 's/^/    /' "$B/qemu-proof-$proof.out" | tail -25
    qf=$((qf + 1))
  fi
done
echo "qemu      $((qp + qf)) tests, $qf failed (through the shim in QEMU raspi3b: glibc programs static, dynamic, signals, threads, guard pages, 64 MB twice, kill/tgkill, clocks through the vDSO, a pipe between threads; java -version and JavaSmoke (on one core and on four) compared with qemu-aarch64)"
passed=$((passed + qp)); failed=$((failed + qf))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
