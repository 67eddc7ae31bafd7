/* Clutter class tables: CSV `code,name,loss_db,height_m` (extra columns
 * allowed, columns found by header name), read with libcsv.  An optional
 * column `p2108_type` names each class's ITU-R P.2108 clutter type
 * (rf_p2108_clutter_parse; empty = none), used by --clutter-loss p2108
 * (doc/import.md). */
#ifndef RFPLAN_CLASSES_H
#define RFPLAN_CLASSES_H

#include <stddef.h>

#include "rfplan/error.h"

struct rf_clutter_class {
	int code;          /* 0..65534 */
	char *name;        /* owned */
	double loss_db;    /* loss at a receiver inside this class */
	double height_m;   /* obstacle height above ground along a path */
	int p2108_type;    /* enum rf_p2108_clutter, 0 = none given */
};

struct rf_class_table {
	struct rf_clutter_class *items;  /* owned */
	size_t count;
};

/* Fails with "FILE:LINE: column NAME: ..." on a bad row, duplicate code,
 * missing column or empty table. */
int rf_class_table_read(const char *path, struct rf_class_table *out,
			struct rf_error *err);
int rf_class_table_write(const char *path, const struct rf_class_table *t,
			 struct rf_error *err);
/* Reading a table with other column names, e.g. Geoscience Australia's
 * terrain classification (CATEGORY,DESCRIPTION,ROUGHNESS_LENGTH_m,SHIELDING),
 * which has no loss or height: name its code/name columns and give the
 * loss/height columns, or NULL to use the defaults for every class.  code and
 * name must be set.  Same checks and messages as rf_class_table_read. */
struct rf_class_columns {
	const char *code, *name, *loss_db, *height_m;  /* header names */
	double default_loss_db, default_height_m;     /* when the column is NULL */
};
int rf_class_table_read_mapped(const char *path, const struct rf_class_columns *cols,
			       struct rf_class_table *out, struct rf_error *err);

const struct rf_clutter_class *rf_class_table_find(const struct rf_class_table *t,
						   int code);
void rf_class_table_free(struct rf_class_table *t);

#endif
