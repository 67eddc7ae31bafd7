/* The modification time of every entry of a zip we wrote.  GDAL's zip writer
 * (CPLCreateFileInZip) before GDAL 3.7 leaves the DOS date and time at zero,
 * which readers show as 1980-01-01 (or 1980-00-00); rfplan's KMZ entries
 * carry the run's time instead.  The layout is PKWARE's APPNOTE.TXT 6.3:
 * end of central directory record (4.3.16), central directory file header
 * (4.3.12), local file header (4.3.7); DOS time and date (4.4.6): time =
 * hour << 11 | minute << 5 | second / 2, date = (year - 1980) << 9 |
 * month << 5 | day, local time. */
#include "core/output_util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned rd16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static uint32_t rd32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void wr16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

int rf_out_zip_set_time(const char *path, time_t when, struct rf_error *err)
{
	struct tm tm;
	size_t len, eocd, cd, n;
	unsigned char *z = rf_out_slurp(path, &len, err);
	unsigned dos_time, dos_date;
	FILE *f;

	if (!z)
		return -1;
	localtime_r(&when, &tm);
	if (tm.tm_year < 80)
		tm.tm_year = 80;   /* DOS dates start in 1980 */
	dos_time = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	dos_date = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
	/* EOCD: the last "PK\5\6", 22 bytes + a comment */
	for (eocd = len >= 22 ? len - 22 + 1 : 0; eocd-- > 0;)
		if (!memcmp(z + eocd, "PK\5\6", 4))
			break;
	if (eocd == (size_t)-1 || len < 22) {
		free(z);
		return rf_error_set(err, "%s: not a zip (no end of central directory)", path);
	}
	n = rd16(z + eocd + 10);
	cd = rd32(z + eocd + 16);
	for (size_t i = 0; i < n; i++) {
		size_t loc;
		if (cd + 46 > len || memcmp(z + cd, "PK\1\2", 4)) {
			free(z);
			return rf_error_set(err, "%s: bad central directory entry %zu", path, i);
		}
		loc = rd32(z + cd + 42);
		if (loc + 30 > len || memcmp(z + loc, "PK\3\4", 4)) {
			free(z);
			return rf_error_set(err, "%s: bad local header of entry %zu", path, i);
		}
		wr16(z + cd + 12, dos_time);
		wr16(z + cd + 14, dos_date);
		wr16(z + loc + 10, dos_time);
		wr16(z + loc + 12, dos_date);
		cd += 46 + rd16(z + cd + 28) + rd16(z + cd + 30) + rd16(z + cd + 32);
	}
	f = fopen(path, "r+b");
	if (!f || fwrite(z, 1, len, f) != len) {
		int e = errno;
		if (f)
			fclose(f);
		free(z);
		return rf_error_set(err, "%s: cannot rewrite: %s", path, strerror(e));
	}
	free(z);
	if (fclose(f) != 0)
		return rf_error_set(err, "%s: cannot rewrite: %s", path, strerror(errno));
	return 0;
}
