/* The shim's first proof program: a static glibc program (brk, malloc, TLS, printf to the
 * console, exit_group). Prints a marker the QEMU test looks for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char *p = malloc(100000);
    if (!p) return 2;
    memset(p, 'x', 100000);
    printf("SHIM-HELLO OK argc=%d argv0=%s\n", argc, argv[0]);
    return p[99999] == 'x' ? 0 : 1;
}
