/* UTF-8 decoding for the writers that must keep their output well formed
 * whatever the names they are given (XML escaping, terminal escaping, the
 * bitmap font's text). */
#ifndef RFPLAN_UTF8_H
#define RFPLAN_UTF8_H

#include <stddef.h>

/* Length (1..4) of the well-formed UTF-8 sequence at the start of s, with
 * its code point in *cp; 0 when the bytes there are not one (a stray
 * continuation byte, an overlong form, a surrogate, a truncated sequence or
 * a code point above U+10FFFF: Unicode 15, sec. 3.9, table 3-7).  s must be
 * NUL-terminated; the NUL is never part of a sequence. */
size_t rf_utf8_seq(const char *s, unsigned long *cp);

#endif
