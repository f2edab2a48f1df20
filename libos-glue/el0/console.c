/* The kernel's debug console (SYS_DEBUG_WRITE, 256 bytes a call) and stopping the machine. */
#include <string.h>

#include "el0.h"

void kwrite(const char *s, size_t n) {
    while (n) {
        size_t k = n < 256 ? n : 256;
        kcall(SYS_DEBUG_WRITE, (word)s, k, 0, 0, 0, 0);
        s += k;
        n -= k;
    }
}
void kputs(const char *s) { kwrite(s, strlen(s)); }

void kputhex(const char *label, uint64_t v) {
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    kputs(label);
    kwrite(buf, 18);
}

void kputdec(const char *label, uint64_t v) {
    char buf[24];
    int n = sizeof buf;
    do { buf[--n] = (char)('0' + v % 10); v /= 10; } while (v);
    kputs(label);
    kwrite(buf + n, sizeof buf - (size_t)n);
}

__attribute__((noreturn)) void halt(word code) {
    kcall(SYS_MACHINE_HALT, CAP_CONTROL, code, 0, 0, 0, 0);
    for (;;) {}
}

__attribute__((noreturn)) void panic(const char *why, long err) {
    kputs("SHIM: PANIC ");
    kputs(why);
    kputhex(" err=", (uint64_t)err);
    kputs("\n");
    halt(99);
}

