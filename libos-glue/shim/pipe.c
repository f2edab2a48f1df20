#include "pipe.h"

#include <string.h>

#include "heap.h"
#include "linux.h"

struct shim_pipe *pipe_new(void) {
    struct shim_pipe *p = shim_alloc(sizeof *p);
    if (!p) return NULL;
    if (!(p->buf = shim_alloc(PIPE_SIZE))) { shim_free(p, sizeof *p); return NULL; }
    p->readers = p->writers = 1;
    return p;
}

int64_t pipe_read(struct shim_pipe *p, uint8_t *dst, uint64_t n) {
    if (n == 0) return 0;
    if (p->len == 0) return p->writers ? -L_EAGAIN : 0;
    if (n > p->len) n = p->len;
    uint64_t first = PIPE_SIZE - p->head < n ? PIPE_SIZE - p->head : n;
    memcpy(dst, p->buf + p->head, first);
    memcpy(dst + first, p->buf, n - first);
    p->head = (uint32_t)((p->head + n) % PIPE_SIZE);
    p->len -= (uint32_t)n;
    return (int64_t)n;
}

int64_t pipe_write(struct shim_pipe *p, const uint8_t *src, uint64_t n) {
    if (!p->readers) return -L_EPIPE;
    if (n == 0) return 0;
    uint64_t space = PIPE_SIZE - p->len;
    if (space == 0 || (n <= PIPE_BUF && space < n)) return -L_EAGAIN;
    if (n > space) n = space;
    uint64_t tail = (p->head + p->len) % PIPE_SIZE;
    uint64_t first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;
    memcpy(p->buf + tail, src, first);
    memcpy(p->buf, src + first, n - first);
    p->len += (uint32_t)n;
    return (int64_t)n;
}

void pipe_close_end(struct shim_pipe *p, int write_end) {
    if (write_end) p->writers--; else p->readers--;
    if (!p->readers && !p->writers) {
        shim_free(p->buf, PIPE_SIZE);
        shim_free(p, sizeof *p);
    }
}
