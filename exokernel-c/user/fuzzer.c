#include "gao.h"
int main(word arg) { printf("[fuzzer] up %lu\n", arg); return 0; }
