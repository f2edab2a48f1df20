/* The shim's thread proof: pthreads (clone with the thread flags, TLS, CHILD_CLEARTID), a
 * contended mutex and a condition variable (futex wait/wake), pthread_join. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int started;
static __thread long mine;                      /* per-thread (TPIDR_EL0) */

static void *work(void *arg) {
    pthread_mutex_lock(&lock);
    started++;
    pthread_cond_broadcast(&cond);
    while (started < THREADS) pthread_cond_wait(&cond, &lock);   /* everyone waits for everyone */
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        mine++;
    }
    return (void *)mine;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, work, NULL) != 0) { printf("SHIM-THREADS FAIL create\n"); return 1; }
    long own = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        own += (long)r;
    }
    printf("SHIM-THREADS OK threads=%d counter=%ld tls=%ld\n", THREADS, counter, own);
    return counter == THREADS * ROUNDS && own == THREADS * ROUNDS ? 0 : 1;
}
