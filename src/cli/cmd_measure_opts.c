/* The measurement options of compare and calibrate (measure_opts.h). */
#include "measure_opts.h"

#include "rfplan/error.h"

#include <stdlib.h>

void measure_cli_init(struct measure_cli *m, struct rf_compare_options *co)
{
	m->files = NULL;
	m->n_files = 0;
	m->format = RF_MEAS_AUTO;
	m->columns = NULL;
	rf_measure_columns_default(&m->cols);
	m->co = co;
}

int measure_opts_handle(const char *cmd, int id, const char *val, struct measure_cli *m)
{
	struct rf_error err;
	switch (id) {
	case MEASURE_OPT_FILE:
		m->files = rf_xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof(*m->files));
		m->files[m->n_files++] = val;
		return 1;
	case MEASURE_OPT_FORMAT:
		if (rf_measure_format_parse(val, &m->format)) {
			cli_error(cmd, "option --format: unknown format '%s' (auto, csv, cork, "
				  "opencellid)", val);
			return -1;
		}
		return 1;
	case MEASURE_OPT_COLUMNS:
		free(m->columns);
		m->columns = rf_xstrdup(val);
		if (rf_measure_columns_parse(m->columns, &m->cols, &err)) {
			cli_error(cmd, "option --columns: %s", err.msg);
			return -1;
		}
		return 1;
	case MEASURE_OPT_MIN_DIST:
		return cli_double(cmd, "min-distance-m", val, 0, 1e6, &m->co->min_distance_m) ? -1 : 1;
	case MEASURE_OPT_FLOOR:
		return cli_double(cmd, "floor-dbm", val, -150, -44, &m->co->floor_dbm) ? -1 : 1;
	case MEASURE_OPT_STRICT:
		m->co->strict = 1;
		return 1;
	case MEASURE_OPT_BIN:
		m->co->bin = 1;
		return 1;
	}
	return 0;
}

int measure_cli_read(const struct measure_cli *m, struct rf_measurements *out,
		     struct rf_log *log, struct rf_error *err)
{
	if (rf_measurements_check_memory(m->files, m->n_files, rf_compare_point_bytes(), err))
		return -1;
	for (int i = 0; i < m->n_files; i++)
		if (rf_measurements_read(out, m->files[i], m->format, &m->cols, err))
			return -1;
	for (int r = 0; r < RF_MEAS_N_REASONS; r++)
		if (out->excluded[r])
			rf_warn(log, "%ld rows excluded: %s (first: %s:%ld)", out->excluded[r],
				rf_measure_reason_name((enum rf_measure_reason)r),
				out->files[out->first_file[r]], out->first_line[r]);
	return 0;
}

void measure_cli_free(struct measure_cli *m)
{
	free(m->files);
	free(m->columns);
	m->files = NULL;
	m->columns = NULL;
}
