#include "gao.h"
int main(word arg) { printf("[worker] up %lu\n", arg); return 0; }
