/* libgao implementation. */
#include "gao.h"
#include <stdarg.h>

long ipc(word n, word ep, struct msg *m, word send_cap, word recv_slot)
{
    word r[8] = { ep, m->tag, m->w[0], m->w[1], m->w[2], m->w[3], send_cap, recv_slot };
    long e = gao_call(r, n);
    if (n != SYS_SEND && n != SYS_NBSEND && n != SYS_REPLY) {
        m->tag = r[1];
        for (int i = 0; i < MSG_WORDS; i++) m->w[i] = r[2 + i];
        m->badge = r[6];
    }
    return e;
}

long tcb_read_reg(word t, word i, word *v)
{
    word r[8] = { t, i };
    long e = gao_call(r, SYS_TCB_READ_REG);
    *v = r[1];
    return e;
}

long identify(word c, word *type, word *rights, word *badge)
{
    word r[8] = { c };
    long e = gao_call(r, SYS_CAP_IDENTIFY);
    *type = r[1]; *rights = r[2]; *badge = r[3];
    return e;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return x[i] - y[i];
    return 0;
}

size_t strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

long wait(word n, word *bits) { word r[8] = { n }; long e = gao_call(r, SYS_WAIT); *bits = r[1]; return e; }
long poll(word n, word *bits) { word r[8] = { n }; long e = gao_call(r, SYS_POLL); *bits = r[1]; return e; }

void *memcpy(void *d, const void *s, size_t n)
{
    char *p = d;
    const char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    char *p = d;
    while (n--) *p++ = (char)c;
    return d;
}

word rand64(word *s)
{
    *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
    return *s;
}

void cache_sync(void *p, size_t n)
{
    for (word a = (word)p & ~63UL; a < (word)p + n; a += 64)
        __asm__ volatile("dc cvau, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (word a = (word)p & ~63UL; a < (word)p + n; a += 64)
        __asm__ volatile("ic ivau, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

void puts_(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    while (n) {
        size_t k = n > 256 ? 256 : n;
        sys2(SYS_DEBUG_WRITE, (word)s, k);
        s += k; n -= k;
    }
}

struct out { char buf[256]; int n; };
static void out_c(struct out *o, char c)
{
    if (o->n == (int)sizeof o->buf) { sys2(SYS_DEBUG_WRITE, (word)o->buf, (word)o->n); o->n = 0; }
    o->buf[o->n++] = c;
}
static void out_num(struct out *o, word v, int base, int width, char pad)
{
    char b[24];
    int i = 0;
    do { b[i++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
    while (i < width) b[i++] = pad;
    while (i) out_c(o, b[--i]);
}

void printf(const char *fmt, ...)
{
    struct out o;
    o.n = 0;
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') { out_c(&o, *fmt); continue; }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') fmt++;
        switch (*fmt) {
        case 'd': { long v = va_arg(ap, long); if (v < 0) { out_c(&o, '-'); v = -v; } out_num(&o, (word)v, 10, width, pad); break; }
        case 'u': out_num(&o, va_arg(ap, word), 10, width, pad); break;
        case 'x': out_num(&o, va_arg(ap, word), 16, width, pad); break;
        case 's': { const char *s = va_arg(ap, const char *); while (*s) out_c(&o, *s++); break; }
        case 'c': out_c(&o, (char)va_arg(ap, int)); break;
        default: out_c(&o, *fmt); break;
        }
    }
    va_end(ap);
    if (o.n) sys2(SYS_DEBUG_WRITE, (word)o.buf, (word)o.n);
}
