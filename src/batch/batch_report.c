/* rfplan batch's reports: the summary table, summary.json and a JUnit XML
 * report (one testcase per region) for CI systems (doc/batch.md). */
#include "rfplan/batch.h"
#include "rfplan/version.h"
#include "core/output_util.h"
#include "core/util.h"
#include "core/output_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *rf_batch_status_name(enum rf_batch_status s)
{
	switch (s) {
	case RF_BATCH_OK: return "ok";
	case RF_BATCH_UP_TO_DATE: return "up to date";
	case RF_BATCH_FAILED: return "FAILED";
	case RF_BATCH_NOT_RUN: break;
	}
	return "not run";
}

static int has_result(const struct rf_batch_result *r)
{
	return r->status == RF_BATCH_OK || r->status == RF_BATCH_UP_TO_DATE;
}

void rf_batch_print_table(FILE *f, const struct rf_batch_plan *plan,
			  const struct rf_batch_result *results)
{
	int w = 6;
	char share[32];
	for (size_t i = 0; i < plan->n_regions; i++)
		if ((int)strlen(plan->regions[i].name) > w)
			w = (int)strlen(plan->regions[i].name);
	snprintf(share, sizeof(share), ">= %g dBm", plan->rsrp_threshold_dbm);
	fprintf(f, "%-*s  %-10s  %5s  %10s  %13s  %8s\n", w, "region", "status", "cells",
		"area_km2", share, "time_s");
	for (size_t i = 0; i < plan->n_regions; i++) {
		const struct rf_batch_result *r = &results[i];
		if (has_result(r))
			fprintf(f, "%-*s  %-10s  %5d  %10.2f  %12.1f%%  %8.1f\n", w,
				plan->regions[i].name, rf_batch_status_name(r->status), r->n_cells,
				r->area_km2, r->share_pct, r->time_s);
		else
			fprintf(f, "%-*s  %-10s  %5s  %10s  %13s  %8.1f\n", w, plan->regions[i].name,
				rf_batch_status_name(r->status), "-", "-", "-", r->time_s);
	}
}

static json_t *summary_json(const struct rf_batch_plan *plan,
			    const struct rf_batch_result *results)
{
	json_t *regions = json_array();
	int failed = 0;
	for (size_t i = 0; i < plan->n_regions; i++) {
		const struct rf_batch_result *r = &results[i];
		json_t *o = json_pack("{s:s, s:s, s:f}", "name", plan->regions[i].name, "status",
				      r->status == RF_BATCH_FAILED ? "failed"
				      : r->status == RF_BATCH_OK ? "ok"
				      : r->status == RF_BATCH_UP_TO_DATE ? "up_to_date" : "not_run",
				      "time_s", r->time_s);
		failed += r->status == RF_BATCH_FAILED;
		if (has_result(r)) {
			json_object_set_new(o, "cells", json_integer(r->n_cells));
			json_object_set_new(o, "area_km2", json_real(r->area_km2));
			json_object_set_new(o, "share_above_threshold_pct", json_real(r->share_pct));
			json_object_set_new(o, "outputs", json_sprintf("%s/predict",
								      plan->regions[i].name));
		} else {
			json_object_set_new(o, "error", json_string(r->message));
		}
		json_array_append_new(regions, o);
	}
	return json_pack("{s:b, s:s, s:s, s:f, s:i, s:i, s:o}", "rfplan_batch", 1,
			 "rfplan_version", rf_version(), "plan", plan->path,
			 "rsrp_threshold_dbm", plan->rsrp_threshold_dbm, "regions_total",
			 (int)plan->n_regions, "regions_failed", failed, "regions", regions);
}

static void junit(FILE *f, const struct rf_batch_plan *plan,
		  const struct rf_batch_result *results)
{
	int failed = 0, skipped = 0;
	double total = 0;
	for (size_t i = 0; i < plan->n_regions; i++) {
		failed += results[i].status == RF_BATCH_FAILED;
		skipped += results[i].status == RF_BATCH_NOT_RUN;
		total += results[i].time_s;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"rfplan batch\" tests=\"%zu\" failures=\"%d\" "
		"errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n", plan->n_regions, failed, skipped,
		total);
	fprintf(f, "  <testsuite name=\"");
	rf_out_xml_escaped(f, plan->path);
	fprintf(f, "\" tests=\"%zu\" failures=\"%d\" errors=\"0\" skipped=\"%d\" "
		"time=\"%.3f\">\n", plan->n_regions, failed, skipped, total);
	for (size_t i = 0; i < plan->n_regions; i++) {
		const struct rf_batch_result *r = &results[i];
		fprintf(f, "    <testcase classname=\"rfplan.batch\" name=\"");
		rf_out_xml_escaped(f, plan->regions[i].name);
		fprintf(f, "\" time=\"%.3f\">\n", r->time_s);
		if (r->status == RF_BATCH_FAILED) {
			fprintf(f, "      <failure type=\"error\" message=\"");
			rf_out_xml_escaped(f, r->message);
			fprintf(f, "\">");
			rf_out_xml_escaped(f, r->message);
			fprintf(f, "</failure>\n");
		} else if (r->status == RF_BATCH_NOT_RUN) {
			fprintf(f, "      <skipped message=\"");
			rf_out_xml_escaped(f, r->message);
			fprintf(f, "\"/>\n");
		} else {
			fprintf(f, "      <system-out>%s: %d cells, %.2f km2, %.1f%% &gt;= %g dBm"
				"</system-out>\n", rf_batch_status_name(r->status), r->n_cells,
				r->area_km2, r->share_pct, plan->rsrp_threshold_dbm);
		}
		fprintf(f, "    </testcase>\n");
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
}

static int write_junit(FILE *f, const void *ctx)
{
	const void *const *a = ctx;
	junit(f, a[0], a[1]);
	return ferror(f) ? -1 : 0;
}

int rf_batch_write_reports(const struct rf_batch_plan *plan,
			   const struct rf_batch_result *results, const char *outdir,
			   struct rf_error *err)
{
	char *sj = rf_path_join(outdir, "summary.json"), *jx = rf_path_join(outdir, "junit.xml");
	const void *ctx[2] = { plan, results };
	json_t *root = summary_json(plan, results);
	int rc = rf_out_write_json(sj, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err) ||
		 rf_out_write_text(jx, write_junit, ctx, err);
	json_decref(root);
	free(sj);
	free(jx);
	return rc ? -1 : 0;
}
