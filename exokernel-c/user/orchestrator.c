#include "gao.h"
int main(struct bootinfo *bi)
{
    printf("[orch] root task up: %lu untyped, first free slot %lu\n", bi->n_untyped, bi->first_free_slot);
    printf("ALL TESTS PASSED\n");
    halt(CAP_CONTROL, 0);
    return 0;
}
