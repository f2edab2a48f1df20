#!/usr/bin/env bash
# The Java proofs: boots IMAGE (java-version, java-smoke or erlang-hello: tools/initramfs) on GaoOS in QEMU
# raspi3b, then runs the same trimmed JVM with the same arguments and environment under
# qemu-aarch64 (Linux's semantics: the oracle) and requires the two outputs to be equal, line for
# line, and the shim's exit_group status 0. JavaSmoke's "collections" line names how many MB it
# allocated before 4 GCs, which follows the heap size the JVM picks from the machine's memory
# (960 MB on GaoOS, the host's under qemu-user): that number is masked on both sides.
# With CPUS (2-4) the program runs on that many cores (the initramfs's /gaoos/cpus) and the proof
# is called IMAGE-smp. The oracle's output is kept in $B/oracle/, named by a hash of everything
# that decides it (the command, the environment, the program's files, the JVM's version).
# Usage: B=build test/java-proof.sh IMAGE [CPUS]   (prints PASS/FAIL; logs in $B/qemu-proof-NAME.*)
set -uo pipefail
image=$1 cpus=${2:-}
name=$image${cpus:+-smp}
B=${B:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
timeout=${JAVA_PROOF_TIMEOUT:-300}
fail() { echo "qemu-proof-$name: FAIL ($*; see $B/qemu-proof-$name.log)"; exit 1; }

GAOOS_CPUS=$cpus "$here/../tools/initramfs" "$image" "$B/$name.cpio" >/dev/null || fail "building the initramfs"
log=$B/qemu-proof-$name.log
start=$(date +%s.%N)
timeout "$timeout" qemu-system-aarch64 -M raspi3b -kernel "$B/shim-kernel8.img" \
  -device "loader,file=$B/$name.cpio,addr=0x10000000,force-raw=on" \
  -serial stdio -display none -no-reboot </dev/null 2>&1 | tr -d '\r' > "$log"
rc=${PIPESTATUS[0]}
end=$(date +%s.%N)
cat "$log"
echo "qemu wall time: $(echo "$end - $start" | bc) s (rc $rc)"
mask() { sed -E 's/^(collections: [0-9]+ observed after )[0-9]+( MB allocated)$/\1N\2/'; }
sed -n '/^SHIM: entering /,/^SHIM: exit_group/p' "$log" | grep -av '^SHIM: \|^shim: ' | mask > "$log.program"

# the oracle: the same root (the initramfs's staging directory plus the JVM root) under qemu-user
eval "$("$here/../tools/jdk-arm64" env)"
stage=$B/$image oracle=$B/$image-oracle
key=$( (echo "$JDK_ARM64_VERSION"; cat "$stage/gaoos/argv" "$stage/gaoos/env"; find "$stage/app" "$stage/data" "$stage/etc" -type f | sort | xargs cat) | sha256sum | cut -c1-16)
mkdir -p "$B/oracle"
if [ ! -s "$B/oracle/$key.txt" ]; then
  rm -rf "$oracle"; mkdir -p "$oracle"
  for d in jdk usr lib; do ln -s "$JDK_ARM64_ROOT/$d" "$oracle/$d"; done
  for d in app data etc gaoos; do ln -s "$(cd "$stage/$d" && pwd)" "$oracle/$d"; done
  mapfile -t argv < "$stage/gaoos/argv"
  mapfile -t envp < "$stage/gaoos/env"
  case "$image" in
    erlang-*)
      # jbeam's output is Erlang's, not the JVM's: the oracle is the host's JDK 25 running the same
      # command on the staged /app (under qemu-aarch64 -L jbeam finds no lib/*/ebin directory:
      # some path call is not remapped there).
      java=$(ls /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1); [ -x "$java" ] || fail "no host JDK 25 for the oracle"
      app=$(cd "$stage/app" && pwd) args=("${argv[@]:1}")
      (cd / && env -i "${envp[@]}" "$java" "${args[@]//\/app/$app}" 2>&1) | mask > "$B/oracle/$key.txt.new" ;;
    *)
      (cd / && env -i "${envp[@]}" qemu-aarch64 -L "$here/$oracle" "$here/$oracle${argv[0]}" "${argv[@]:1}" 2>&1) | mask > "$B/oracle/$key.txt.new" ;;
  esac
  mv "$B/oracle/$key.txt.new" "$B/oracle/$key.txt"
fi
cp "$B/oracle/$key.txt" "$log.oracle"
[ "$rc" = 0 ] || fail "qemu exit status $rc (124 = timed out after ${timeout}s)"
grep -q '^SHIM: exit_group status=0x0000000000000000$' "$log" || fail "no exit_group status 0"
[ -s "$log.oracle" ] || fail "the oracle printed nothing"
diff -u "$log.oracle" "$log.program" > "$log.diff" || { cat "$log.diff"; fail "output differs from the oracle's"; }
case "$image" in erlang-*) by="the host JDK's" ;; *) by="qemu-aarch64's" ;; esac
echo "qemu-proof-$name: PASS ($(wc -l < "$log.program") lines, identical to $by)"
