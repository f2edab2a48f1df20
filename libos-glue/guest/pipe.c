/* The shim's pipe proof: a thread writes 1 MB through a pipe in odd-sized pieces while the main
 * thread reads it (both block in turn: the pipe holds 64 KB), the data arrives in order, the
 * reader sees end of file once the writer closes, and a write with no reader left fails with
 * EPIPE (SIGPIPE ignored). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#define TOTAL (1 << 20)
static int fds[2];

static void *writer(void *arg) {
    static unsigned char chunk[7000];
    long sent = 0;
    while (sent < TOTAL) {
        int n = TOTAL - sent < (long)sizeof chunk ? (int)(TOTAL - sent) : (int)sizeof chunk;
        for (int i = 0; i < n; i++) chunk[i] = (unsigned char)((sent + i) * 7 + 3);
        for (int off = 0; off < n; ) {
            ssize_t w = write(fds[1], chunk + off, (size_t)(n - off));
            if (w < 0) return (void *)1;
            off += (int)w;
        }
        sent += n;
    }
    close(fds[1]);
    return NULL;
}

int main(void) {
    if (pipe2(fds, O_CLOEXEC) != 0) { printf("SHIM-PIPE FAIL pipe2\n"); return 1; }
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    static unsigned char buf[5000];
    long got = 0, bad = 0;
    ssize_t r;
    while ((r = read(fds[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < r; i++) bad += buf[i] != (unsigned char)((got + i) * 7 + 3);
        got += r;
    }
    int eof = r == 0;
    void *res;
    pthread_join(t, &res);
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    pipe(p);
    close(p[0]);
    int epipe = write(p[1], "x", 1) == -1 && errno == EPIPE;
    int ok = got == TOTAL && !bad && eof && epipe && res == NULL;
    printf("SHIM-PIPE %s bytes=%ld sum=%s eof=%d epipe=%d\n", ok ? "OK" : "FAIL", got, bad ? "BAD" : "ok", eof, epipe);
    return ok ? 0 : 1;
}
