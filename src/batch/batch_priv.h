/* Private to batch_plan*.c: reading a plan region's keys with errors that
 * name the file and the JSON path (doc/batch.md); the key readers are in
 * batch_plan_keys.c. */
#ifndef RFPLAN_BATCH_PRIV_H
#define RFPLAN_BATCH_PRIV_H

#include <jansson.h>

#include "rfplan/batch.h"

/* The region being read, for values and error paths. */
struct rf_plan_ctx {
	struct rf_batch_plan *plan;
	char *dir;               /* the plan's directory ("" for the cwd) */
	json_t *defaults;        /* as written, or NULL */
	json_t *raw;             /* the region as written */
	size_t index;
	struct rf_batch_region *region;   /* being read */
	struct rf_error *err;
};

/* Keep ptr until the plan is freed; returns it. */
void *rf_plan_own(struct rf_batch_plan *p, void *ptr);
/* Set err to "PLAN: regions[I].SUB.KEY: MESSAGE" (or defaults.SUB.KEY when
 * the defaults wrote it); returns -1.  sub: "predict", "columns" or NULL. */
int rf_plan_bad(const struct rf_plan_ctx *c, const char *sub, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* p as given when absolute, else joined to the plan's directory; kept by
 * the plan (rf_plan_own).  A path leaving the plan's tree (absolute, '..',
 * a symbolic link resolving outside) sets the region's `refused` unless the
 * plan allows it (sub/key: where the plan wrote it). */
const char *rf_plan_path(struct rf_plan_ctx *c, const char *sub, const char *key,
			 const char *p);
/* Members of o, left alone when absent; -1 (err set) when of the wrong type
 * or out of range.  is_path: relative to the plan's directory. */
int rf_plan_str(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key,
		int is_path, const char **out);
int rf_plan_num(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key,
		double min, double max, double *out);
int rf_plan_int(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key,
		int min, int max, int *out);
int rf_plan_bool(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key,
		 int *out);
/* -1 when o has a key not in keys (NULL-terminated). */
int rf_plan_known(struct rf_plan_ctx *c, json_t *o, const char *sub,
		  const char *const *keys);
/* The "predict" object (may be NULL: defaults) into r->predict and
 * r->cell_defaults. */
int rf_plan_predict(struct rf_plan_ctx *c, json_t *p, struct rf_batch_region *r);

#endif
