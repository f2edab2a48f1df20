/* The shim's memory proof: more pages than the root CNode has slots. 64 MB touched page by page
 * (16,384 demand faults), checked, freed (munmap releases the frames), then 64 MB again, which
 * must read as zeros. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE (64u << 20)

int main(void) {
    unsigned long sum = 0, zeros = 0;
    unsigned char *p = malloc(SIZE);
    if (!p) { printf("SHIM-BIGMEM FAIL malloc\n"); return 1; }
    for (unsigned i = 0; i < SIZE; i += 4096) p[i] = (unsigned char)(i >> 12);
    for (unsigned i = 0; i < SIZE; i += 4096) sum += p[i];
    free(p);
    unsigned char *q = malloc(SIZE);
    if (!q) { printf("SHIM-BIGMEM FAIL malloc again\n"); return 1; }
    for (unsigned i = 0; i < SIZE; i += 4096) zeros += q[i + 7] == 0;
    free(q);
    unsigned long want = 0;
    for (unsigned i = 0; i < SIZE / 4096; i++) want += (unsigned char)i;
    printf("SHIM-BIGMEM OK pages=%u sum=%s zeros=%lu\n", SIZE / 4096, sum == want ? "ok" : "BAD", zeros);
    return sum == want && zeros == SIZE / 4096 ? 0 : 1;
}
