/* The one XML text escaper of every XML rfplan writes (project.qgs, .qml,
 * the KML, the styles inside coverage.gpkg, batch's junit.xml): names come
 * from other people's files and may hold anything. */
#include "core/output_util.h"
#include "core/utf8.h"

#include <stddef.h>

/* XML 1.0 (5th ed.) sec. 2.2 production [2] Char, less tab, LF and CR,
 * which are written as references so that attribute values keep them. */
static int xml_char(unsigned long cp)
{
	return (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
	       (cp >= 0x10000 && cp <= 0x10ffff);
}

void rf_out_xml_escaped(FILE *f, const char *s)
{
	const char *p = s;
	while (p && *p) {
		unsigned long cp;
		size_t n = rf_utf8_seq(p, &cp);
		switch (n == 1 ? (int)cp : 0) {
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
