#include "gao.h"
int main(word arg) { printf("[driver] up %lu\n", arg); return 0; }
