package org.gaoos.jbeam.bif;

import java.util.HashMap;
import java.util.Map;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erlang:decode_packet/3: the packet framing of gen_tcp's {@code packet} option as a function,
 * following packet_parser.c and erl_bif_port.c: the length of the first packet of each type
 * (0..4-byte headers, asn1, sunrm, cdr, fcgi, tpkt, line, ssl_tls, http) and the parsed form of
 * HTTP lines ({@code http_request}, {@code http_response}, {@code http_header}, {@code http_eoh},
 * {@code http_error}) and TLS records.
 */
public final class DecodePacket {
    private DecodePacket() {}

    private enum Type { RAW, PB1, PB2, PB4, ASN1, RM, CDR, FCGI, LINE, TPKT, HTTP, HTTPH, HTTP_BIN, HTTPH_BIN, SSL_TLS }

    /** HTTP header names BEAM knows as atoms; {@code http_header}'s second element is the index + 1. */
    private static final String[] HEADERS = {
        "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding", "Upgrade", "Via", "Accept",
        "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "From", "Host",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards",
        "Proxy-Authorization", "Range", "Referer", "User-Agent", "Age", "Location", "Proxy-Authenticate",
        "Public", "Retry-After", "Server", "Vary", "Warning", "Www-Authenticate", "Allow", "Content-Base",
        "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Md5",
        "Content-Range", "Content-Type", "Etag", "Expires", "Last-Modified", "Accept-Ranges", "Set-Cookie",
        "Set-Cookie2", "X-Forwarded-For", "Cookie", "Keep-Alive", "Proxy-Connection"};
    private static final String[] METHODS = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"};
    private static final Map<String, Integer> HEADER_INDEX = new HashMap<>();
    static {
        for (int i = 0; i < HEADERS.length; i++) HEADER_INDEX.put(HEADERS[i], i);
    }
    private static final java.util.Set<String> METHOD_SET = java.util.Set.of(METHODS);
    private static final int HTTP_MAX_NAME_LEN = 50;

    @Bif("decode_packet")
    public static Term decodePacket(Term typeTerm, Term bin, Term options) {
        Type type = type(typeTerm);
        if (type == null) throw StackTraces.withCause(Errors.badarg(), Atom.of("badopt"));
        if (!(bin instanceof Bitstring) || !(options instanceof Cons || options == Nil.NIL)) throw Errors.badarg();
        long maxPlen = 0, truncLen = 0;
        int delimiter = '\n';
        for (Term l = options; l != Nil.NIL; ) {
            if (!(l instanceof Cons c)) throw Errors.badarg();
            long v = c.head() instanceof Tuple t && t.arity() == 2 ? uint(t.get(1)) : -1;
            Term key = v >= 0 ? ((Tuple) c.head()).get(0) : null;
            if (key == Atom.of("packet_size")) maxPlen = v;
            else if (key == Atom.of("line_length")) truncLen = v;
            else if (key == Atom.of("line_delimiter") && type == Type.LINE && v <= 255) delimiter = (int) v;
            else throw Errors.badarg();
            l = c.tail();
        }
        if (!(bin instanceof Binary b)) throw Errors.badarg();
        byte[] data = b.toByteArray();
        int[] state = {0};
        long size = length(type, data, maxPlen, truncLen, delimiter, state);
        if (size < 0) return Tuple.of(Atom.ERROR, Atom.of("invalid"));
        if (size == 0 || size > data.length) {
            return Tuple.of(Atom.of("more"), size == 0 ? Atom.UNDEFINED : Small.of(size));
        }
        int packetSize = (int) size;
        Term packet = parse(type, b, data, packetSize, state);
        if (packet == null) { // no parsing for this type: the body as a binary
            int bodyStart = 0, bodyLen = packetSize;
            switch (type) {
                case PB1 -> { bodyStart = 1; bodyLen -= 1; }
                case PB2 -> { bodyStart = 2; bodyLen -= 2; }
                case PB4 -> { bodyStart = 4; bodyLen -= 4; }
                case FCGI -> bodyLen -= data[6] & 0xFF; // minus the padding
                default -> { }
            }
            packet = b.sub(bodyStart, bodyLen);
        }
        return Tuple.of(Atom.OK, packet, b.sub(packetSize, data.length - packetSize));
    }

    private static Type type(Term t) {
        if (t instanceof Small s) {
            return switch ((int) Math.max(-1, Math.min(s.value, 5))) {
                case 0 -> Type.RAW;
                case 1 -> Type.PB1;
                case 2 -> Type.PB2;
                case 4 -> Type.PB4;
                default -> null;
            };
        }
        if (!(t instanceof Atom a)) return null;
        return switch (a.name()) {
            case "raw" -> Type.RAW;
            case "asn1" -> Type.ASN1;
            case "sunrm" -> Type.RM;
            case "cdr" -> Type.CDR;
            case "fcgi" -> Type.FCGI;
            case "line" -> Type.LINE;
            case "tpkt" -> Type.TPKT;
            case "http" -> Type.HTTP;
            case "httph" -> Type.HTTPH;
            case "http_bin" -> Type.HTTP_BIN;
            case "httph_bin" -> Type.HTTPH_BIN;
            case "ssl_tls" -> Type.SSL_TLS;
            default -> null;
        };
    }

    /** A non-negative integer up to UINT_MAX, else -1. */
    private static long uint(Term t) {
        if (t instanceof Small s && s.value >= 0 && s.value <= 0xFFFFFFFFL) return s.value;
        if (t instanceof Big) return -1;
        return -1;
    }

    private static int u8(byte[] d, int i) { return d[i] & 0xFF; }

    private static long u16(byte[] d, int i) { return (u8(d, i) << 8) | u8(d, i + 1); }

    private static long u24(byte[] d, int i) { return (u16(d, i) << 8) | u8(d, i + 2); }

    private static long u32(byte[] d, int i) { return (u16(d, i) << 16) | u16(d, i + 2); }

    /** packet_get_length: the packet's total length, 0 for "need more", -1 for invalid. */
    private static long length(Type type, byte[] d, long maxPlen, long truncLen, int delimiter, int[] state) {
        int n = d.length;
        long hlen, plen;
        switch (type) {
            case RAW -> { return n == 0 ? 0 : n; }
            case PB1 -> { if (n < 1) return 0; hlen = 1; plen = u8(d, 0); }
            case PB2 -> { if (n < 2) return 0; hlen = 2; plen = u16(d, 0); }
            case PB4 -> { if (n < 4) return 0; hlen = 4; plen = u32(d, 0); }
            case RM -> { if (n < 4) return 0; hlen = 4; plen = u32(d, 0) & 0x7fffffffL; }
            case LINE -> {
                int at = -1;
                for (int i = 0; i < n; i++) if (u8(d, i) == delimiter) { at = i; break; }
                if (at < 0) {
                    if (n > maxPlen && maxPlen != 0) return -1;
                    if (n >= truncLen && truncLen != 0) return truncLen;
                    return 0;
                }
                long len = at + 1L;
                if (len > maxPlen && maxPlen != 0) return -1;
                if (len > truncLen && truncLen != 0) return truncLen;
                return len;
            }
            case ASN1 -> {
                if (n < 2) return 0;
                int t = 0, nn = n - 1;
                if ((u8(d, t++) & 0x1f) == 0x1f) { // long tag
                    while (nn > 0 && (u8(d, t) & 0x80) == 0x80) { t++; nn--; }
                    if (nn < 2) return 0;
                    t++;
                    nn--;
                }
                int length = u8(d, t) & 0x7f;
                if ((u8(d, t) & 0x80) == 0x80) { // long length
                    t++;
                    nn--;
                    if (nn < length) return 0;
                    switch (length) {
                        case 0 -> plen = 0;
                        case 1 -> { plen = u8(d, t); t += 1; }
                        case 2 -> { plen = u16(d, t); t += 2; }
                        case 3 -> { plen = u24(d, t); t += 3; }
                        case 4 -> { plen = u32(d, t); t += 4; }
                        default -> { return -1; }
                    }
                } else {
                    t++;
                    plen = length;
                }
                hlen = t;
            }
            case CDR -> {
                if (n < 12) return 0;
                if (d[0] != 'G' || d[1] != 'I' || d[2] != 'O' || d[3] != 'P') return -1;
                hlen = 12;
                plen = (u8(d, 6) & 1) != 0
                        ? (u8(d, 8) | (u8(d, 9) << 8) | ((long) u8(d, 10) << 16) | ((long) u8(d, 11) << 24))
                        : u32(d, 8);
            }
            case FCGI -> {
                if (n < 8) return 0;
                if (u8(d, 0) != 1) return -1;
                hlen = 8;
                plen = ((u8(d, 4) << 8) | u8(d, 5)) + u8(d, 6);
            }
            case TPKT -> {
                if (n < 4) return 0;
                if (u8(d, 0) != 3) return -1;
                hlen = 4;
                plen = (u16(d, 2) - hlen) & 0xFFFFFFFFL; // unsigned, as in C
            }
            case SSL_TLS -> {
                if (n < 5) return 0;
                hlen = 5;
                plen = (u8(d, 0) & 0x80) != 0 && u8(d, 2) == 1 ? ((u16(d, 0) & 0x7fff) - 3) & 0xFFFFFFFFL : u16(d, 3);
            }
            case HTTPH, HTTPH_BIN, HTTP, HTTP_BIN -> {
                if (type == Type.HTTPH || type == Type.HTTPH_BIN) state[0] = 1;
                return httpLength(d, maxPlen, truncLen, state[0]);
            }
            default -> { return -1; }
        }
        long tlen = (int) (hlen + plen); // the C code's int, with its wrap-around check
        if ((maxPlen != 0 && plen > maxPlen) || tlen < hlen) return -1;
        return tlen;
    }

    private static long httpLength(byte[] d, long maxPlen, long truncLen, int state) {
        int n = d.length;
        if ((n == 1 && d[0] == '\n') || (n == 2 && d[0] == '\r' && d[1] == '\n')) return n;
        if (maxPlen == 0) maxPlen = truncLen; // old users limit http lines with line_length
        int from = 0;
        while (true) {
            int nl = -1;
            for (int i = from; i < n; i++) if (d[i] == '\n') { nl = i; break; }
            if (nl < 0) {
                if (maxPlen != 0 && n >= maxPlen) return -1;
                return 0;
            }
            long plen = nl + 1L;
            if (state == 0) {
                if (maxPlen != 0 && plen > maxPlen) return -1;
                return plen;
            }
            if (plen < n) {
                if ((d[nl + 1] == ' ' || d[nl + 1] == '\t') && plen > 2) {
                    from = nl + 1; // the header value continues on the next line
                } else {
                    if (maxPlen != 0 && plen > maxPlen) return -1;
                    return plen;
                }
            } else {
                if (maxPlen != 0 && plen > maxPlen) return -1;
                return 0;
            }
        }
    }

    // ---- parsing (packet_parse) ----

    /** The parsed packet for the http and ssl_tls types; null for the others (the body is the packet). */
    private static Term parse(Type type, Binary orig, byte[] d, int len, int[] state) {
        return switch (type) {
            case HTTP, HTTPH, HTTP_BIN, HTTPH_BIN -> {
                Http h = new Http(orig, d, type == Type.HTTP_BIN || type == Type.HTTPH_BIN);
                Term r = h.parse(len, state);
                yield r != null ? r : Tuple.of(Atom.of("http_error"), h.string(0, len));
            }
            case SSL_TLS -> {
                if ((u8(d, 0) & 0x80) != 0 && u8(d, 2) == 1) { // an SSL 2 client hello
                    byte[] out = new byte[4 + len - 3];
                    out[0] = 1;
                    int l = len - 3;
                    out[1] = (byte) (l >> 16);
                    out[2] = (byte) (l >> 8);
                    out[3] = (byte) l;
                    System.arraycopy(d, 3, out, 4, len - 3);
                    yield sslTls(22, u8(d, 3), u8(d, 4), out);
                }
                byte[] out = new byte[len - 5];
                System.arraycopy(d, 5, out, 0, len - 5);
                yield sslTls(u8(d, 0), u8(d, 1), u8(d, 2), out);
            }
            default -> null;
        };
    }

    private static Term sslTls(int type, int major, int minor, byte[] body) {
        return Tuple.of(Atom.of("ssl_tls"), Nil.NIL, Small.of(type), Tuple.of(Small.of(major), Small.of(minor)), Binary.adopt(body));
    }

    /** packet_parse_http over one line (or folded header) of {@code d}. */
    private static final class Http {
        final Binary orig;
        final byte[] d;
        final boolean asBinary;

        Http(Binary orig, byte[] d, boolean asBinary) {
            this.orig = orig;
            this.d = d;
            this.asBinary = asBinary;
        }

        /** Bytes {@code d[from, from+len)} as a string (list of bytes) or a sub-binary. */
        Term string(int from, int len) {
            return asBinary ? orig.sub(from, len) : Lists.fromBytes(d, from, len);
        }

        Term newString(byte[] b, int len) {
            return asBinary ? Binary.of(java.util.Arrays.copyOf(b, len)) : Lists.fromBytes(b, 0, len);
        }

        private static boolean sp(byte c) { return c == ' ' || c == '\t'; }

        private static boolean digit(byte c) { return c >= '0' && c <= '9'; }

        /** is_tspecial: controls, space, non-ASCII and the separators (DEL is not one: C's table). */
        private static boolean tspecial(int c) {
            if (c <= 32 || c >= 128) return true;
            return "()<>@,;:\\\"/[]?={} \t".indexOf(c) >= 0;
        }

        /** Reads {@code HTTP/Major.Minor} at {@code p} (before {@code end}) into {@code version}: the position after it, or -1. */
        private int version(int p, int end, int[] version) {
            if (end - p < 5 || d[p] != 'H' || d[p + 1] != 'T' || d[p + 2] != 'T' || d[p + 3] != 'P' || d[p + 4] != '/') return -1;
            p += 5;
            int p0 = p;
            while (p < end && digit(d[p])) version[0] = 10 * version[0] + (d[p++] - '0');
            if (p == p0 || p == end || d[p] != '.') return -1;
            p0 = ++p;
            while (p < end && digit(d[p])) version[1] = 10 * version[1] + (d[p++] - '0');
            return p == p0 ? -1 : p;
        }

        /** The parsed term, or null for a malformed line (the caller makes it an http_error). */
        Term parse(int len, int[] state) {
            int n = len, p = 0;
            if (n >= 2 && d[n - 2] == '\r') n -= 2;
            else if (n >= 1 && d[n - 1] == '\n') n -= 1;
            if (state[0] == 0) {
                if (n >= 5 && d[0] == 'H' && d[1] == 'T' && d[2] == 'T' && d[3] == 'P' && d[4] == '/') {
                    int[] version = new int[2];
                    p = version(0, n, version);
                    if (p < 0) return null;
                    n -= p;
                    int p0 = p, status = 0;
                    while (n > 0 && sp(d[p])) { p++; n--; }
                    if (p == p0) return null;
                    while (n > 0 && digit(d[p])) { status = 10 * status + (d[p] - '0'); p++; n--; }
                    p0 = p;
                    while (n > 0 && sp(d[p])) { p++; n--; }
                    if (p == p0 && n > 0) return null;
                    state[0] = 1;
                    return Tuple.of(Atom.of("http_response"), Tuple.of(Small.of(version[0]), Small.of(version[1])),
                            Small.of(status), string(p, n));
                }
                while (n > 0 && !tspecial(d[p] & 0xFF)) { p++; n--; }
                int methLen = p;
                if (n == 0 || methLen == 0 || !sp(d[p])) return null;
                String meth = new String(d, 0, methLen, java.nio.charset.StandardCharsets.ISO_8859_1);
                Term methTerm = METHOD_SET.contains(meth) ? Atom.of(meth) : string(0, methLen);
                while (n > 0 && sp(d[p])) { p++; n--; }
                int uriStart = p;
                while (n > 0 && !sp(d[p])) { p++; n--; }
                int uriLen = p - uriStart;
                if (uriLen == 0) return null;
                while (n > 0 && sp(d[p])) { p++; n--; }
                if (n == 0) {
                    state[0] = 1;
                    return request(methTerm, uriStart, uriLen, 0, 9);
                }
                int[] version = new int[2];
                if (n < 8 || version(p, p + n, version) < 0) return null;
                state[0] = 1;
                return request(methTerm, uriStart, uriLen, version[0], version[1]);
            }
            if (n == 0) {
                state[0] = 0;
                return Atom.of("http_eoh");
            }
            boolean up = true;
            byte[] name = new byte[HTTP_MAX_NAME_LEN];
            int nameLen = 0;
            while (!tspecial(d[p] & 0xFF)) {
                if (nameLen < HTTP_MAX_NAME_LEN) {
                    int c = d[p] & 0xFF;
                    if (up) {
                        if (c >= 'a' && c <= 'z') c -= 32;
                        up = false;
                    } else if (c >= 'A' && c <= 'Z') {
                        c += 32;
                    } else if (c == '-') {
                        up = true;
                    }
                    name[nameLen] = (byte) c;
                }
                nameLen++;
                p++;
                if (--n == 0) return null;
            }
            if (d[p] != ':') return null;
            Term bit, nameTerm;
            if (nameLen <= HTTP_MAX_NAME_LEN) {
                Integer ix = HEADER_INDEX.get(new String(name, 0, nameLen, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (ix != null) {
                    bit = Small.of(ix + 1);
                    nameTerm = Atom.of(HEADERS[ix]);
                } else {
                    bit = Small.of(0);
                    nameTerm = newString(name, nameLen);
                }
            } else { // too long to normalise: the name as written
                bit = Small.of(0);
                nameTerm = string(0, nameLen);
            }
            Term original = string(0, nameLen);
            p++;
            n--;
            while (n > 0 && sp(d[p])) { p++; n--; }
            return Tuple.of(Atom.of("http_header"), bit, nameTerm, original, string(p, n));
        }

        private Term request(Term meth, int uriStart, int uriLen, int major, int minor) {
            return Tuple.of(Atom.of("http_request"), meth, uri(uriStart, uriLen), Tuple.of(Small.of(major), Small.of(minor)));
        }

        /** http_parse_uri: '*', {abs_path, P}, {absoluteURI, http|https, Host, Port, Path}, {scheme, S, Rest} or the string. */
        private Term uri(int u, int len) {
            if (len == 1 && d[u] == '*') return Atom.of("*");
            if (len <= 1 || d[u] == '/') return Tuple.of(Atom.of("abs_path"), string(u, len));
            if (prefixIgnoreCase(u, len, "http://")) return absolute(Atom.of("http"), u + 7, len - 7);
            if (prefixIgnoreCase(u, len, "https://")) return absolute(Atom.of("https"), u + 8, len - 8);
            int colon = indexOf(u, len, ':');
            if (colon < 0) return string(u, len);
            int slen = colon - u;
            return Tuple.of(Atom.of("scheme"), string(u, slen), string(colon + 1, len - slen - 1));
        }

        private boolean prefixIgnoreCase(int u, int len, String prefix) {
            if (len < prefix.length()) return false;
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toUpperCase((char) (d[u + i] & 0xFF)) != Character.toUpperCase(prefix.charAt(i))) return false;
            }
            return true;
        }

        private int indexOf(int from, int len, char c) {
            for (int i = from; i < from + len; i++) if (d[i] == c) return i;
            return -1;
        }

        private int lastIndexOf(int from, int len, char c) {
            for (int i = from + len - 1; i >= from; i--) if (d[i] == c) return i;
            return -1;
        }

        /** http_parse_absoluteURI: host [":" port] and the path ("/" when there is none). */
        private Term absolute(Atom scheme, int u, int len) {
            int slash = indexOf(u, len, '/');
            Term path;
            if (slash < 0) {
                path = asBinary ? Binary.latin1("/") : Lists.fromString("/");
            } else {
                path = string(slash, len - (slash - u));
                len = slash - u;
            }
            int colon = indexOf(u, len, ':');
            int hostLen;
            int port = 0;
            if (colon < 0) {
                hostLen = len;
            } else if (indexOf(u, len, '[') == u && indexOf(u, len, ']') >= 0) { // [IPv6]:port
                int close = indexOf(u, len, ']');
                hostLen = close - u + 1;
                int rest = len - (hostLen + 1);
                if (lastIndexOf(u, len, ':') == close + 1) {
                    int v = close + 2, pt = 0;
                    while (rest > 0 && digit(d[v])) { pt = pt * 10 + (d[v] - '0'); rest--; v++; }
                    if (rest == 0 && pt != 0) port = pt;
                }
            } else {
                hostLen = colon - u;
                int rest = len - (hostLen + 1), v = colon + 1, pt = 0;
                while (rest > 0 && digit(d[v])) { pt = pt * 10 + (d[v] - '0'); rest--; v++; }
                if (rest == 0 && pt != 0) port = pt;
            }
            return Tuple.of(Atom.of("absoluteURI"), scheme, string(u, hostLen),
                    port == 0 ? Atom.UNDEFINED : Small.of(port), path);
        }
    }
}
