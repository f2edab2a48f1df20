/* The shim's clock proof: glibc's clock_gettime, gettimeofday and clock_getres go through the
 * vDSO (no syscall: the QEMU proof checks the shim counted just the one CPU-time fallback),
 * the monotonic clock never goes back, realtime agrees with gettimeofday, and a 20 ms sleep
 * lasts at least 20 ms. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000ll + t.tv_nsec; }

int main(void) {
    struct timespec a, b, res, cpu;
    int calls = 100000, monotonic = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < calls; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < ns(a)) monotonic = 0;
        a = b;
    }
    struct timeval tv;
    clock_gettime(CLOCK_REALTIME, &a);
    gettimeofday(&tv, NULL);
    long long diff = tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll - ns(a);
    int realtime = diff >= 0 && diff < 1000000000ll;
    int resolution = clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000;
    int cputime = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0;
    struct timespec sleep = { 0, 20000000 };
    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&sleep, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    int slept = ns(b) - ns(a) >= 20000000ll;
    int ok = monotonic && realtime && resolution && cputime && slept;
    printf("SHIM-TIME %s calls=%d monotonic=%d realtime=%d resolution=%d cputime=%d sleep=%d\n",
           ok ? "OK" : "FAIL", calls, monotonic, realtime, resolution, cputime, slept);
    return ok ? 0 : 1;
}
