/* A built-in 5x7 bitmap font for the legend images and the report map: a
 * glyph for every printable ASCII character. */
#ifndef RFPLAN_FONT5X7_H
#define RFPLAN_FONT5X7_H

#define RF_FONT_W 5
#define RF_FONT_H 7

#include <stddef.h>

/* The 7 rows of character c, top first; bit 4 is the leftmost pixel.  Space
 * is blank; a character without a glyph is drawn as a hollow box. */
const unsigned char *rf_font5x7_glyph(char c);

/* Text is UTF-8 from other people's files: one glyph cell per character.
 * rf_font5x7_next: the glyph of the character at *s (a printable ASCII
 * character's, else the hollow box: a control character, a code point
 * beyond ASCII or a byte that is not UTF-8), *s advanced past it (a whole
 * UTF-8 sequence, or one stray byte).  *s must not be at the NUL. */
const unsigned char *rf_font5x7_next(const char **s);
/* Glyph cells of s (0 for NULL). */
size_t rf_font5x7_count(const char *s);
/* Bytes of s's first max_chars characters (never a cut UTF-8 sequence). */
size_t rf_font5x7_prefix(const char *s, size_t max_chars);

#endif
