/* P.1812 profile files (d_km, h_m_amsl, R_m, zone), read with libcsv. */
#include "rfplan/csvtab.h"
#include "rfplan/p1812.h"

#include <stdlib.h>
#include <string.h>

void rf_p1812_profile_free(struct rf_p1812_profile_file *f)
{
	if (!f)
		return;
	free(f->d_km);
	free(f->h_m);
	free(f->r_m);
	free(f->zone);
	memset(f, 0, sizeof(*f));
}

int rf_p1812_profile_read(const char *path, struct rf_p1812_profile_file *out,
			  struct rf_error *err)
{
	static const char *const names[4] = { "d_km", "h_m_amsl", "R_m", "zone" };
	struct rf_csv_table t;
	int col[4];

	memset(out, 0, sizeof(*out));
	if (rf_csv_read(path, &t, err))
		return -1;
	for (int k = 0; k < 4; k++) {
		col[k] = rf_csv_column(&t, names[k]);
		if (col[k] < 0) {
			rf_error_set(err, "%s: missing column %s (the header needs d_km, "
				     "h_m_amsl, R_m and zone)", path, names[k]);
			rf_csv_free(&t);
			return -1;
		}
	}
	if (t.n_rows < 3) {
		rf_error_set(err, "%s: %zu points: need at least 3", path, t.n_rows);
		rf_csv_free(&t);
		return -1;
	}
	out->n = (int)t.n_rows;
	out->d_km = rf_xmalloc(t.n_rows * sizeof(double));
	out->h_m = rf_xmalloc(t.n_rows * sizeof(double));
	out->r_m = rf_xmalloc(t.n_rows * sizeof(double));
	out->zone = rf_xmalloc(t.n_rows);
	for (size_t i = 0; i < t.n_rows; i++) {
		double v[4];
		long line = t.rows[i].line;
		for (int k = 0; k < 4; k++)
			if (rf_csv_double(&t, i, col[k], &v[k], err))
				goto fail;
		if (i == 0 && v[0] != 0.0) {
			rf_error_set(err, "%s:%ld: column d_km: the first point must be at 0 km "
				     "(the transmitter), not %g", path, line, v[0]);
			goto fail;
		}
		if (i > 0 && !(v[0] > out->d_km[i - 1])) {
			rf_error_set(err, "%s:%ld: column d_km: %g is not greater than the "
				     "previous point's %g (distances must increase)", path, line,
				     v[0], out->d_km[i - 1]);
			goto fail;
		}
		if (v[2] < 0.0) {
			rf_error_set(err, "%s:%ld: column R_m: %g must be >= 0", path, line, v[2]);
			goto fail;
		}
		if (v[3] != RF_P1812_SEA && v[3] != RF_P1812_COASTAL && v[3] != RF_P1812_INLAND) {
			rf_error_set(err, "%s:%ld: column zone: %g is not 1 (sea), 3 (coastal "
				     "land) or 4 (inland)", path, line, v[3]);
			goto fail;
		}
		out->d_km[i] = v[0];
		out->h_m[i] = v[1];
		out->r_m[i] = v[2];
		out->zone[i] = (unsigned char)v[3];
	}
	rf_csv_free(&t);
	return 0;
fail:
	rf_csv_free(&t);
	rf_p1812_profile_free(out);
	return -1;
}
