/* Pipes (pipe2): a ring buffer of PIPE_SIZE bytes between the files of its two ends, with
 * Linux's rules: a read takes what is there (0 at end of file, once no write end is open); a
 * write of at most PIPE_BUF bytes goes in whole or not at all, a larger one takes what fits; a
 * write with no read end open fails with EPIPE (and the writer gets SIGPIPE). An empty or full
 * pipe says -L_EAGAIN: the syscall table then makes a blocking file wait (SHIM_BLOCK). */
#ifndef SHIM_PIPE_H
#define SHIM_PIPE_H

#include <stdint.h>

#define PIPE_SIZE 65536
#define PIPE_BUF 4096

struct shim_pipe {
    uint8_t *buf;
    uint32_t head, len;          /* the bytes in the pipe: buf[head .. head + len) mod PIPE_SIZE */
    int readers, writers;        /* open files of each end */
};

struct shim_pipe *pipe_new(void);            /* one reader, one writer; NULL when out of memory */
int64_t pipe_read(struct shim_pipe *p, uint8_t *dst, uint64_t n);
int64_t pipe_write(struct shim_pipe *p, const uint8_t *src, uint64_t n);
/* The last file of one end closed: frees the pipe once both ends are closed. */
void pipe_close_end(struct shim_pipe *p, int write_end);
/* The wait channel of the pipe's readers and writers: never a user address (bit 63). */
static inline uint64_t pipe_key(const struct shim_pipe *p) { return (1ull << 63) | (uint64_t)(uintptr_t)p; }

#endif
