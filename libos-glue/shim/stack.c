#include "stack.h"

#include <string.h>

static uint64_t put_string(uint64_t *p, uint64_t floor, const char *s) {
    size_t n = strlen(s) + 1;
    if (*p - floor < n) return 0;
    *p -= n;
    memcpy((void *)(uintptr_t)*p, s, n);
    return *p;
}

uint64_t stack_build(uint64_t top, uint64_t limit, const struct stack_args *a) {
    uint64_t floor = top - limit, p = top;
    int argc = 0, envc = 0;
    while (a->argv[argc]) argc++;
    while (a->envp[envc]) envc++;

    /* strings, from the top: execfn, env, args (their order does not matter to anyone) */
    uint64_t execfn = put_string(&p, floor, a->execfn);
    if (!execfn) return 0;
    uint64_t envs[envc > 0 ? envc : 1], args[argc > 0 ? argc : 1];
    for (int i = envc - 1; i >= 0; i--) if (!(envs[i] = put_string(&p, floor, a->envp[i]))) return 0;
    for (int i = argc - 1; i >= 0; i--) if (!(args[i] = put_string(&p, floor, a->argv[i]))) return 0;
    uint64_t platform = put_string(&p, floor, "aarch64");
    if (!platform) return 0;
    p &= ~15ull;
    if (p - floor < 16) return 0;
    p -= 16;
    uint64_t random = p;
    memcpy((void *)(uintptr_t)random, a->random16, 16);

    /* the vector: argc, argv, NULL, envp, NULL, auxv + 3 of ours + AT_NULL */
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * ((uint64_t)a->nauxv + 4);
    uint64_t sp = (p - words * 8) & ~15ull;
    if (sp < floor || sp > p) return 0;
    uint64_t *w = (uint64_t *)(uintptr_t)sp;
    *w++ = (uint64_t)argc;
    for (int i = 0; i < argc; i++) *w++ = args[i];
    *w++ = 0;
    for (int i = 0; i < envc; i++) *w++ = envs[i];
    *w++ = 0;
    for (int i = 0; i < a->nauxv; i++) { *w++ = a->auxv[i].type; *w++ = a->auxv[i].value; }
    *w++ = L_AT_RANDOM; *w++ = random;
    *w++ = L_AT_PLATFORM; *w++ = platform;
    *w++ = L_AT_EXECFN; *w++ = execfn;
    *w++ = L_AT_NULL; *w++ = 0;
    return sp;
}
