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

struct rf_meas_source measure_cli_source(const struct measure_cli *m)
{
	struct rf_meas_source s = { m->files, m->n_files, m->format, &m->cols };
	return s;
}

void measure_cli_free(struct measure_cli *m)
{
	free(m->files);
	free(m->columns);
	m->files = NULL;
	m->columns = NULL;
}
