/* A built-in 5x7 bitmap font for the legend images (digits, letters and the
 * punctuation of labels such as ">= -80 dBm" and "RSRP (dBm)"). */
#ifndef RFPLAN_FONT5X7_H
#define RFPLAN_FONT5X7_H

#define RF_FONT_W 5
#define RF_FONT_H 7

/* The 7 rows of character c, top first; bit 4 is the leftmost pixel.  Space
 * is blank; a character without a glyph is drawn as a hollow box. */
const unsigned char *rf_font5x7_glyph(char c);

#endif
