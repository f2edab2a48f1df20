/* The shim's proof of asynchronous signals: raise (tgkill to oneself), a signal blocked then
 * unblocked, pthread_kill interrupting another thread's nanosleep (EINTR, the handler runs on
 * that thread), kill of the process, and a signal whose default action is to be ignored. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int usr1, usr2, tkill_code, handler_tid;
static volatile int sleeping;

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
    usr1++;
    tkill_code = si->si_code;
    handler_tid = gettid();
}
static void on_usr2(int sig, siginfo_t *si, void *ctx) { if (si->si_code == SI_USER && si->si_pid == getpid()) usr2++; }

static int thread_tid, thread_eintr;
static void *sleeper(void *arg) {
    thread_tid = gettid();
    struct timespec ts = { 30, 0 };
    sleeping = 1;
    thread_eintr = nanosleep(&ts, &ts) == -1 && errno == EINTR;
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_sigaction = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);

    raise(SIGUSR1);                                   /* delivered before raise returns */
    int raised = usr1 == 1 && tkill_code == SI_TKILL && handler_tid == gettid();

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    int held = usr1 == 1;
    sigprocmask(SIG_UNBLOCK, &set, NULL);             /* delivered on the way out of sigprocmask */
    int blocked = held && usr1 == 2;

    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    while (!sleeping) sched_yield();
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    int thread = usr1 == 3 && thread_eintr && handler_tid == thread_tid;

    kill(getpid(), SIGUSR2);
    int process = usr2 == 1;

    raise(SIGCHLD);                                   /* default action: ignore */
    int ignored = 1;

    int ok = raised && blocked && thread && process && ignored;
    printf("SHIM-KILL %s raise=%d blocked-then-unblocked=%d thread=%d process=%d ignored=%d\n",
           ok ? "OK" : "FAIL", raised, blocked, thread, process, ignored);
    return ok ? 0 : 1;
}
