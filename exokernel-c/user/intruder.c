#include "gao.h"
int main(word arg) { printf("[intruder] up %lu\n", arg); return 0; }
