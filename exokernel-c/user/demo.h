/* The multi-PD demo's protocol between the orchestrator and its children. */
#ifndef DEMO_H
#define DEMO_H
/* slots in every child's CNode */
#define C_CNODE  1
#define C_VSPACE 2
#define C_TCB    3      /* only for children that manage themselves (worker B) */
#define C_ORCH   4      /* badged send cap to the orchestrator */
#define C_EXTRA  5      /* 5.. per child */
#define C_RECV   20     /* where a child receives caps */
#define PD_CNODE_BITS 6
#define PD_IMAGE 0x400000UL
#define PD_STACK_TOP 0x1000000UL
/* request labels */
enum { L_HELLO = 100, L_PING, L_REPORT, L_GIMME_FRAME, L_CHECK_FRAME, L_BENCH };
/* report ids (w0 of L_REPORT) */
enum { T_ROUNDTRIP = 1, T_MAPRESUME, T_REWRITE, T_ALIGN, T_BADSYSCALL, T_UPCALL_SVC,
       T_UPCALL_FAULT, T_ISOLATION, T_DRIVER, T_SPIN, T_SMP, T_EL0 };
/* worker roles (arg = role << 8 | generation) */
#define ROLE_A 1
#define ROLE_B 2
#define ROLE_C 3            /* spinner: proves time slicing */
#define ROLE_D 4            /* pinned to a core, calls across cores */
#define SMP_CALLS 500
#define SPIN_VA 0x5fd000UL
#define SPINS 20000000UL
#define SHARED_VA 0x5ff000UL   /* where worker A maps the frame it is given */
#define HOLE_VA   0x5fe000UL   /* where worker B faults and is given a page */
#define PINGS 2000
#define BENCH_ROUNDS 10000
#endif
