/* Freestanding helpers: memory and the kernel's printf (output through kputc). */
#include "kernel.h"
#include <stdarg.h>

void *kmemset(void *d, int c, u64 n)
{
    u8 *p = d;
    if (!(((u64)p | n) & 7)) {               /* the common case: whole objects */
        u64 w = (u8)c * 0x0101010101010101UL;
        for (u64 *q = d; n; n -= 8) *q++ = w;
        return d;
    }
    while (n--) *p++ = (u8)c;
    return d;
}

void *kmemcpy(void *d, const void *s, u64 n)
{
    u8 *p = d;
    const u8 *q = s;
    if (!(((u64)p | (u64)q | n) & 7)) {      /* the common case: register frames, whole pages */
        const u64 *b = s;
        for (u64 *a = d; n; n -= 8) *a++ = *b++;
        return d;
    }
    while (n--) *p++ = *q++;
    return d;
}

static void put_num(u64 v, u32 base, int width, char pad)
{
    char buf[24];
    int i = 0;
    do { buf[i++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
    while (i < width) buf[i++] = pad;
    while (i) kputc(buf[--i]);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') { kputc(*fmt); continue; }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') { lng = 1; fmt++; }
        switch (*fmt) {
        case 'd': {
            i64 v = lng ? va_arg(ap, i64) : va_arg(ap, int);
            if (v < 0) { kputc('-'); v = -v; }
            put_num((u64)v, 10, width, pad);
            break;
        }
        case 'u': put_num(lng ? va_arg(ap, u64) : va_arg(ap, u32), 10, width, pad); break;
        case 'x': put_num(lng ? va_arg(ap, u64) : va_arg(ap, u32), 16, width, pad); break;
        case 'p': kputc('0'); kputc('x'); put_num((u64)va_arg(ap, void *), 16, 0, pad); break;
        case 'c': kputc(va_arg(ap, int)); break;
        case 's': { const char *s = va_arg(ap, const char *); while (s && *s) kputc(*s++); break; }
        case '%': kputc('%'); break;
        default: kputc('?'); break;
        }
    }
    va_end(ap);
}
