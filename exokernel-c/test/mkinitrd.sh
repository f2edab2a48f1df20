#!/bin/sh
# Writes the QEMU test's initramfs to $1: a cpio "newc" archive (the format QEMU's loader puts
# at 0x10000000 for the kernel to hand over) with /hello.txt and a 9,000-byte /fill.bin, so that
# the archive spans three pages and its trailer lies in the last one.
set -eu
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'GaoOS initrd\n' > "$tmp/hello.txt"
head -c 9000 /dev/zero | tr '\0' 'G' > "$tmp/fill.bin"
: > "$tmp/empty"
ino=1
entry() { # NAME MODE FILE
  namesize=$((${#1} + 1)); size=$(wc -c < "$3")
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    "$ino" "$2" 0 0 1 0 "$size" 0 0 0 0 "$namesize" 0
  printf '%s\0' "$1"
  head -c $(( (4 - (110 + namesize) % 4) % 4 )) /dev/zero
  cat "$3"
  head -c $(( (4 - size % 4) % 4 )) /dev/zero
  ino=$((ino + 1))
}
{ entry . 16877 "$tmp/empty"          # 040755
  entry hello.txt 33188 "$tmp/hello.txt"   # 0100644
  entry fill.bin 33188 "$tmp/fill.bin"
  entry TRAILER!!! 0 "$tmp/empty"; } > "$out"
