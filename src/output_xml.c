/* The one XML text escaper of every XML rfplan writes (project.qgs, .qml,
 * the KML, the styles inside coverage.gpkg, batch's junit.xml): names come
 * from other people's files and may hold anything. */
#include "output_util.h"

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7),
 * its code point in *cp; 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, unsigned long *cp)
{
	unsigned char b = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf)
		n = 2;
	else if (b >= 0xe0 && b <= 0xef)
		n = 3;
	else if (b >= 0xf0 && b <= 0xf4)
		n = 4;
	else
		return 0;
	if (b == 0xe0)
		lo = 0xa0;        /* no overlong forms */
	else if (b == 0xed)
		hi = 0x9f;        /* no surrogates */
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;        /* nothing above U+10FFFF */
	*cp = b & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < n; i++) {
		unsigned char c = s[i];
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
			return 0;
		*cp = (*cp << 6) | (c & 0x3f);
	}
	return n;
}

/* XML 1.0 (5th ed.) sec. 2.2 production [2] Char, less tab, LF and CR,
 * which are written as references so that attribute values keep them. */
static int xml_char(unsigned long cp)
{
	return (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
	       (cp >= 0x10000 && cp <= 0x10ffff);
}

void rf_out_xml_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		unsigned long cp;
		size_t n = utf8_seq(p, &cp);
		switch (n == 1 ? *p : 0) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\t': fputs("&#9;", f); break;
		case '\n': fputs("&#10;", f); break;
		case '\r': fputs("&#13;", f); break;
		default:
			if (n && xml_char(cp))
				fwrite(p, 1, n, f);
			else
				fputs("\xef\xbf\xbd", f);   /* U+FFFD REPLACEMENT CHARACTER */
		}
		p += n ? n : 1;
	}
}
