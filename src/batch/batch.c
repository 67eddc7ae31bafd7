/* rfplan batch: run the regions of a plan (import + predict each into
 * OUTDIR/NAME), skipping those whose options and inputs did not change
 * since their last successful run (doc/batch.md). */
#include "rfplan/input.h"
#include "rfplan/interrupt.h"
#include "rfplan/batch.h"
#include "rfplan/predict_run.h"
#include "rfplan/sha256.h"
#include "rfplan/workspace.h"
#include "core/mkdir_parents.h"
#include "core/util.h"
#include "core/output_util.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when path exists and is not a file rfplan wrote: a regular file
 * holding a JSON object with key (parsed, not a substring). */
static int foreign(const char *path, const char *key)
{
	struct stat st;
	struct rf_error ignored;
	json_t *j;
	int ours;
	if (lstat(path, &st))
		return 0;
	if (!S_ISREG(st.st_mode))
		return 1;
	j = rf_input_json(path, &ignored);
	ours = json_is_object(j) && json_object_get(j, key) != NULL;
	json_decref(j);
	return !ours;
}

/* batch -o DIR replaces summary.json, junit.xml and each region's
 * batch-stamp.json: refused, before any region runs, when one of them is
 * not rfplan's (junit.xml counts as rfplan's beside rfplan's summary.json,
 * which is written with it), unless --force (doc/errors.md, "Files from
 * others").  The region's workspace/ and predict/ have their own checks
 * (rf_import, rf_outdir_begin). */
static int check_outdir(const struct rf_batch_plan *plan, const char *outdir,
			struct rf_error *err)
{
	char *sj = rf_path_join(outdir, "summary.json"), *jx = rf_path_join(outdir, "junit.xml");
	struct stat st;
	int rc = 0;
	if (foreign(sj, "rfplan_batch"))
		rc = rf_error_set(err, "%s exists and was not written by rfplan batch: refusing "
				  "to replace it (use --force)", sj);
	else if (lstat(jx, &st) == 0 && (lstat(sj, &st) != 0 || !S_ISREG(st.st_mode)))
		rc = rf_error_set(err, "%s exists and was not written by rfplan batch (no "
				  "summary.json beside it): refusing to replace it (use --force)", jx);
	for (size_t i = 0; !rc && i < plan->n_regions; i++) {
		char *dir = rf_path_join(outdir, plan->regions[i].name);
		char *stamp = rf_path_join(dir, "batch-stamp.json");
		if (foreign(stamp, "hash"))
			rc = rf_error_set(err, "%s exists and was not written by rfplan batch: "
					  "refusing to replace it (use --force)", stamp);
		free(stamp);
		free(dir);
	}
	free(sj);
	free(jx);
	return rc;
}

/* SHA-256 (hex) of the region's canonical options followed by the SHA-256
 * of each of its input files; NULL when an input cannot be read (the
 * region then runs, and its import reports the file). */
static char *region_hash(const struct rf_batch_region *r)
{
	const struct rf_import_options *io = &r->import;
	const char *files[5] = { io->clutter_path, io->clutter_classes, io->sites_path,
				 io->cells_path, NULL };
	size_t cap = strlen(r->canonical) + (io->n_dem + 5) * 66 + 1, len;
	char *buf = rf_xmalloc(cap), hex[65], *out = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	struct rf_error err;
	struct stat sb;
	len = (size_t)snprintf(buf, cap, "%s\n", r->canonical);
	for (size_t i = 0; i < io->n_dem + 4; i++) {
		const char *f = i < io->n_dem ? io->dem_paths[i] : files[i - io->n_dem];
		if (!f)
			continue;
		/* a FIFO or a device would block or never end (/dev/zero): left
		 * to the import, which refuses what is not a regular file */
		if (stat(f, &sb) != 0 || !S_ISREG(sb.st_mode) || rf_sha256_file(f, hex, &err))
			goto out;
		len += (size_t)snprintf(buf + len, cap - len, "%s\n", hex);
	}
	if (!EVP_Digest(buf, len, md, &md_len, EVP_sha256(), NULL))
		goto out;
	out = rf_xmalloc(2 * md_len + 1);
	for (unsigned i = 0; i < md_len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
out:
	free(buf);
	return out;
}

/* Up to date: the stamp has the same hash, the files it lists (antennas)
 * are unchanged and the prediction is there.  Fills the result from it. */
static const char *str_or_empty(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int up_to_date(const char *dir, const char *hash, struct rf_batch_result *res)
{
	char *p = rf_path_join(dir, "batch-stamp.json"), *run = rf_path_join(dir, "predict/run.json");
	struct rf_error ignored;
	json_t *st = rf_input_json(p, &ignored), *files, *f;
	struct stat sb;
	size_t i;
	int ok = 0;
	if (!st || !hash || stat(run, &sb) ||
	    strcmp(str_or_empty(st, "hash"), hash) ||
	    json_unpack(st, "{s:{s:i, s:F, s:F}}", "result", "cells", &res->n_cells,
			"area_km2", &res->area_km2, "share_pct", &res->share_pct))
		goto out;
	files = json_object_get(st, "files");
	ok = 1;
	json_array_foreach(files, i, f) {
		char hex[65];
		struct rf_error err;
		if (rf_sha256_file(str_or_empty(f, "path"), hex, &err) ||
		    strcmp(hex, str_or_empty(f, "sha256")))
			ok = 0;
	}
out:
	json_decref(st);
	free(p);
	free(run);
	return ok;
}

static int write_stamp(const char *dir, const char *hash, const struct rf_cells *cells,
		       const struct rf_batch_result *res, struct rf_error *err)
{
	char *p = rf_path_join(dir, "batch-stamp.json");
	json_t *files = json_array();
	int rc = 0;
	for (size_t i = 0; i < cells->count; i++) {
		const char *a = cells->items[i].antenna_path;
		char hex[65];
		int dup = 0;
		for (size_t k = 0; a && k < i; k++)
			dup |= cells->items[k].antenna_path &&
			       !strcmp(cells->items[k].antenna_path, a);
		if (!a || dup)
			continue;
		if (rf_sha256_file(a, hex, err)) {
			rc = -1;
			break;
		}
		json_array_append_new(files, json_pack("{s:s, s:s}", "path", a, "sha256", hex));
	}
	json_t *root = json_pack("{s:s, s:o, s:{s:i, s:f, s:f}}", "hash", hash, "files", files,
				 "result", "cells", res->n_cells, "area_km2", res->area_km2,
				 "share_pct", res->share_pct);
	if (!rc)
		rc = rf_out_write_json(p, root, JSON_INDENT(2), err);
	json_decref(root);
	free(p);
	return rc;
}

/* Computed area and the share with RSRP >= threshold, from rsrp.tif (each
 * row's pixel area on the ellipsoid, as stats.csv). */
static int coverage(const char *predict_dir, double threshold_dbm,
		    struct rf_batch_result *res, struct rf_error *err)
{
	char *p = rf_path_join(predict_dir, "rsrp.tif");
	struct rf_raster r;
	double above = 0;
	int rc = rf_raster_read(p, 1, NULL, &r, err);
	free(p);
	if (rc)
		return -1;
	res->area_km2 = 0;
	for (int row = 0; row < r.grid.height; row++) {
		double a = rf_lte_pixel_area_km2(&r.grid, row);
		for (int col = 0; col < r.grid.width; col++) {
			float v = r.data[(size_t)row * r.grid.width + col];
			if (isnan(v))
				continue;
			res->area_km2 += a;
			if (v >= threshold_dbm)
				above += a;
		}
	}
	res->share_pct = res->area_km2 > 0 ? 100.0 * above / res->area_km2 : 0.0;
	rf_raster_free(&r);
	return 0;
}

/* The region's prediction into REGION_DIR/predict (rf_predict_run); its
 * cells are moved to *cells. */
static int predict(const struct rf_batch_region *r, const struct rf_batch_options *o,
		   const char *workdir, const char *region_dir, struct rf_cells *cells,
		   struct rf_log *log, struct rf_error *err)
{
	struct rf_workspace ws;
	struct rf_predict_result res;
	struct rf_predict_options po = r->predict;
	char *out = rf_path_join(region_dir, "predict");
	char *argv[] = { "rfplan", "batch", (char *)r->name };
	struct rf_predict_request req = { .outdir = out, .cells_path = NULL,
		.cell_defaults = &r->cell_defaults, .options = &po, .force = 1,
		.argc = 3, .argv = argv };
	int rc;

	po.engine.threads = o->threads;
	if (rf_workspace_open(workdir, &ws, err)) {
		free(out);
		return -1;
	}
	rc = rf_predict_run(&ws, &req, &res, log, err);
	*cells = res.cells;
	memset(&res.cells, 0, sizeof(res.cells));
	rf_predict_result_free(&res);
	rf_workspace_close(&ws);
	free(out);
	return rc;
}

/* Values quoted in an error ('...' or `...') are cut to QUOTE_MAX bytes in
 * the reports (summary.json, junit.xml: CI artifacts others read), so a
 * message never carries a long piece of an input file.  A quote opens after
 * a non-alphanumeric character (so "plan's" is no quote). */
#define QUOTE_MAX 40
static void clip_quoted(const char *msg, char *out, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; msg[i] && o + 1 < len; i++) {
		const char *close;
		int opens = (msg[i] == '\'' || msg[i] == '`') &&
			    (i == 0 || !isalnum((unsigned char)msg[i - 1]));
		out[o++] = msg[i];
		close = opens ? strchr(msg + i + 1, '\'') : NULL;
		if (close && close - (msg + i + 1) > QUOTE_MAX) {
			o += (size_t)snprintf(out + o, len - o, "%.*s...", QUOTE_MAX, msg + i + 1);
			if (o >= len)
				o = len - 1;
			i = (size_t)(close - msg) - 1;
		}
	}
	out[o] = '\0';
}

static int run_region(const struct rf_batch_plan *plan, const struct rf_batch_region *r,
		      const struct rf_batch_options *o, const char *dir, const char *hash,
		      struct rf_batch_result *res, struct rf_log *log, struct rf_error *err)
{
	struct rf_import_options io = r->import;
	struct rf_cells cells;
	char *ws = rf_path_join(dir, "workspace"), *stamp = rf_path_join(dir, "batch-stamp.json");
	char *pred = rf_path_join(dir, "predict");
	struct rf_made_dirs made = { NULL, 0 };
	int rc = -1;

	memset(&cells, 0, sizeof(cells));
	io.workdir = ws;
	io.force = 1;
	io.command_line = plan->path;
	io.inputs_root = plan->allow_outside ? NULL : plan->root;   /* VRT sources, antennas */
	unlink(stamp);   /* an interrupted run is never "up to date" */
	if (rf_mkdir_path(dir, &made, err) || rf_import(&io, log, err))
		goto out;
	if (predict(r, o, ws, dir, &cells, log, err))
		goto out;
	res->n_cells = (int)cells.count;
	if (coverage(pred, plan->rsrp_threshold_dbm, res, err) ||
	    (hash && write_stamp(dir, hash, &cells, res, err)))
		goto out;
	rc = 0;
out:
	if (rc)   /* the region's directory, when this run made it and it stays empty */
		rf_made_dirs_undo(&made);
	else
		rf_made_dirs_keep(&made);
	rf_cells_free(&cells);
	free(ws);
	free(stamp);
	free(pred);
	return rc;
}

int rf_batch_run(const struct rf_batch_plan *plan, const struct rf_batch_options *o,
		 struct rf_batch_result *results, struct rf_log *log)
{
	struct rf_error err;
	struct rf_made_dirs made = { NULL, 0 };
	int failed = 0;

	for (size_t i = 0; i < plan->n_regions; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		snprintf(results[i].message, sizeof(results[i].message),
			 "not run (the batch stopped before this region)");
	}
	/* OUT is kept (not rf_made_dirs_undo): the reports are written into it
	 * after every region, an interrupted batch's too */
	if ((!o->force && check_outdir(plan, o->outdir, &err)) ||
	    rf_mkdir_path(o->outdir, &made, &err)) {
		snprintf(results[0].message, sizeof(results[0].message), "%s", err.msg);
		return -1;
	}
	rf_made_dirs_keep(&made);
	for (size_t i = 0; i < plan->n_regions; i++) {
		const struct rf_batch_region *r = &plan->regions[i];
		struct rf_batch_result *res = &results[i];
		char *dir = rf_path_join(o->outdir, r->name);
		char *hash = r->refused ? NULL : region_hash(r);   /* never read a refused file */
		struct rf_log rlog;
		double t0 = rf_monotonic_s();

		if (rf_interrupted()) {
			char sig[16];
			res->status = RF_BATCH_NOT_RUN;
			snprintf(res->message, sizeof(res->message), "not run (interrupted, %s)",
				 rf_interrupt_name(rf_interrupted(), sig));
		} else if (failed && o->fail_fast) {
			res->status = RF_BATCH_NOT_RUN;
			snprintf(res->message, sizeof(res->message), "not run (--fail-fast)");
		} else if (r->refused) {
			res->status = RF_BATCH_FAILED;
			snprintf(res->message, sizeof(res->message), "%s", r->refused);
			rf_warn(log, "region %s refused: %s", r->name, r->refused);
			failed++;
		} else if (!o->force && up_to_date(dir, hash, res)) {
			res->status = RF_BATCH_UP_TO_DATE;
			rf_info(log, "region %zu/%zu %s: up to date", i + 1, plan->n_regions, r->name);
		} else {
			rf_info(log, "region %zu/%zu %s: import + predict", i + 1, plan->n_regions,
				r->name);
			rf_log_init(&rlog, o->verbosity);
			if (run_region(plan, r, o, dir, hash, res, &rlog, &err)) {
				res->status = RF_BATCH_FAILED;
				clip_quoted(err.msg, res->message, sizeof(res->message));
				if (!rf_interrupted())   /* else the command says it once */
					rf_warn(log, "region %s failed: %s", r->name,
						res->message);
				failed++;
			} else {
				res->status = RF_BATCH_OK;
			}
			rf_log_free(&rlog);
			res->time_s = rf_monotonic_s() - t0;
		}
		free(dir);
		free(hash);
		/* the reports after every region: a batch stopped later (killed,
		 * a CI time-out) still leaves them for the regions that ran; the
		 * caller writes the final ones and reports a failure */
		rf_batch_write_reports(plan, results, o->outdir, &err);
	}
	return failed;
}
