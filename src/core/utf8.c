/* UTF-8 decoding (utf8.h). */
#include "utf8.h"

size_t rf_utf8_seq(const char *str, unsigned long *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char b = s[0], lo = 0x80, hi = 0xbf;
	size_t n;
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
	/* Table 3-7: the second byte's range excludes overlong forms (E0, F0),
	 * surrogates (ED) and code points above U+10FFFF (F4). */
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	*cp = b & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (size_t i = 1; i < n; i++) {
		unsigned char c = s[i];
		if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xbf))
			return 0;
		*cp = (*cp << 6) | (c & 0x3f);
	}
	return n;
}
