/* A minimal test runner: TEST functions grouped in suites; main prints "N passed, N failed". */
#ifndef SHIM_TEST_H
#define SHIM_TEST_H

#include <stdio.h>

void t_run(const char *name, void (*fn)(void));
void t_fail(const char *file, int line, const char *what);
void t_fail_eq(const char *file, int line, const char *a, const char *b, long long va, long long vb);

#define TEST(name) static void name(void)
#define RUN(name) t_run(#name, name)
#define CHECK(cond) do { if (!(cond)) t_fail(__FILE__, __LINE__, #cond); } while (0)
#define CHECK_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
    if (_a != _b) t_fail_eq(__FILE__, __LINE__, #a, #b, _a, _b); } while (0)

void suite_cpio(void);
void suite_fs(void);
void suite_path(void);
void suite_vm(void);
void suite_futex(void);
void suite_sigframe(void);
void suite_elf(void);
void suite_syscall(void);
void suite_signal(void);
void suite_procfs(void);
void suite_linux_diff(void);

#endif
