/* rfplan compare's PNG plots: predicted vs measured, the error histogram and
 * the error against distance, each with its axes, labels and statistics. */
#include "rfplan/compare.h"
#include "output/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 900
#define H 680

static const unsigned char blue[3] = { 31, 100, 180 };
static const unsigned char red[3] = { 200, 30, 40 };
static const unsigned char grey[3] = { 90, 90, 90 };

/* Point opacity: dense clouds stay readable. */
static double alpha_for(size_t n)
{
	return n < 200 ? 0.8 : n < 2000 ? 0.45 : n < 20000 ? 0.2 : 0.08;
}

static void stats_line(char *buf, size_t len, const struct rf_cmp_stats *s)
{
	snprintf(buf, len, "n %ld  mean %+.1f dB  std %.1f dB  rmse %.1f dB", s->n, s->mean_db,
		 s->std_db, s->rmse_db);
}

/* One or two lines of text on a white panel at the top left of the data. */
static void legend(struct plot *p, const char *l1, const char *l2)
{
	static const unsigned char ink[3] = { 0, 0, 0 };
	int w = plot_text_width(l1);
	if (l2 && plot_text_width(l2) > w)
		w = plot_text_width(l2);
	plot_panel(p, p->x0 + 4, p->y0 + 4, w + 12, l2 ? 44 : 24);
	plot_text(p, p->x0 + 10, p->y0 + 10, l1, ink);
	if (l2)
		plot_text(p, p->x0 + 10, p->y0 + 30, l2, ink);
}

static int scatter(const char *path, const struct rf_compare *c, const struct rf_cmp_stats *s,
		   struct rf_error *err)
{
	struct plot p;
	double lo = INFINITY, hi = -INFINITY;
	char l1[128], l2[64];
	for (size_t i = 0; i < c->n; i++) {
		lo = fmin(lo, fmin(c->pts[i].meas_dbm, c->pts[i].pred_dbm));
		hi = fmax(hi, fmax(c->pts[i].meas_dbm, c->pts[i].pred_dbm));
	}
	lo = floor(lo / 10) * 10;
	hi = ceil(hi / 10) * 10;
	plot_init(&p, W, H);
	plot_axes(&p, lo, hi, lo, hi, "Measured RSRP (dBm)", "Predicted RSRP (dBm)",
		  "Predicted vs measured RSRP");
	for (size_t i = 0; i < c->n; i++)
		plot_point(&p, c->pts[i].meas_dbm, c->pts[i].pred_dbm, 2, blue, alpha_for(c->n));
	plot_line(&p, lo, lo, hi, hi, red, 2);
	stats_line(l1, sizeof(l1), s);
	if (isfinite(s->corr))
		snprintf(l2, sizeof(l2), "correlation %.2f, red line: predicted = measured", s->corr);
	else
		snprintf(l2, sizeof(l2), "red line: predicted = measured");
	legend(&p, l1, l2);
	int rc = plot_write(&p, path, err);
	plot_free(&p);
	return rc;
}

static int histogram(const char *path, const struct rf_compare *c,
		     const struct rf_cmp_stats *s, struct rf_error *err)
{
	struct plot p;
	double lo = INFINITY, hi = -INFINITY, width = 1.0;
	char l1[128];
	for (size_t i = 0; i < c->n; i++) {
		lo = fmin(lo, c->pts[i].err_db);
		hi = fmax(hi, c->pts[i].err_db);
	}
	/* 1 dB bins, wider when the errors spread over more than 80 dB */
	if (hi - lo > 80)
		width = ceil((hi - lo) / 80);
	lo = floor(lo / width) * width;
	hi = (floor(hi / width) + 1) * width;
	int nb = (int)lround((hi - lo) / width);
	long *count = rf_xcalloc((size_t)nb, sizeof(long)), top = 1;
	for (size_t i = 0; i < c->n; i++) {
		int b = (int)floor((c->pts[i].err_db - lo) / width);
		b = b < 0 ? 0 : b >= nb ? nb - 1 : b;
		if (++count[b] > top)
			top = count[b];
	}
	double xl = fmin(lo, -10), xh = fmax(hi, 10);
	plot_init(&p, W, H);
	plot_axes(&p, xl, xh, 0, top * 1.15, "Error = predicted - measured (dB)", "Points",
		  "Prediction error histogram");
	for (int b = 0; b < nb; b++)
		plot_bar(&p, lo + b * width, lo + (b + 1) * width, (double)count[b], blue);
	/* the normal density of the same mean and std, scaled to the counts */
	if (s->std_db > 0) {
		double prevx = xl, prevy = 0;
		for (int k = 0; k <= 400; k++) {
			double x = xl + (xh - xl) * k / 400.0, z = (x - s->mean_db) / s->std_db;
			double y = c->n * width * exp(-0.5 * z * z) / (s->std_db * sqrt(2 * M_PI));
			/* cut at the frame: a std far below the bin width (errors all
			 * alike) peaks at millions of pixels, a line too long to draw */
			y = fmin(y, top * 1.15);
			if (k)
				plot_line(&p, prevx, prevy, x, y, red, 2);
			prevx = x;
			prevy = y;
		}
	}
	plot_line(&p, 0, 0, 0, top * 1.15, grey, 1);
	stats_line(l1, sizeof(l1), s);
	legend(&p, l1, "red: normal curve of the same mean and std");
	free(count);
	int rc = plot_write(&p, path, err);
	plot_free(&p);
	return rc;
}

static int error_distance(const char *path, const struct rf_compare *c,
			  const struct rf_cmp_stats *s, struct rf_error *err)
{
	struct plot p;
	double dmax = 0, elo = -10, ehi = 10;
	char l1[128];
	for (size_t i = 0; i < c->n; i++) {
		dmax = fmax(dmax, c->pts[i].dist_m / 1000.0);
		elo = fmin(elo, c->pts[i].err_db);
		ehi = fmax(ehi, c->pts[i].err_db);
	}
	plot_init(&p, W, H);
	plot_axes(&p, 0, dmax * 1.05, floor(elo / 5) * 5, ceil(ehi / 5) * 5,
		  "Distance to the site (km)", "Error = predicted - measured (dB)",
		  "Prediction error vs distance");
	for (size_t i = 0; i < c->n; i++)
		plot_point(&p, c->pts[i].dist_m / 1000.0, c->pts[i].err_db, 2, blue,
			   alpha_for(c->n));
	plot_line(&p, 0, 0, dmax * 1.05, 0, grey, 1);
	/* mean error per tenth of the distance range, joined */
	double px = NAN, py = NAN;
	for (int b = 0; b < 10; b++) {
		double a = dmax * b / 10, z = dmax * (b + 1) / 10, se = 0;
		long k = 0;
		for (size_t i = 0; i < c->n; i++) {
			double d = c->pts[i].dist_m / 1000.0;
			if (d >= a && (d < z || (b == 9 && d <= z))) {
				se += c->pts[i].err_db;
				k++;
			}
		}
		if (k < 5)
			continue;
		double x = 0.5 * (a + z), y = se / k;
		if (!isnan(px))
			plot_line(&p, px, py, x, y, red, 3);
		plot_point(&p, x, y, 4, red, 1.0);
		px = x;
		py = y;
	}
	stats_line(l1, sizeof(l1), s);
	legend(&p, l1, "red: mean error per tenth of the distance range");
	int rc = plot_write(&p, path, err);
	plot_free(&p);
	return rc;
}

int rf_compare_write_plots(const char *dir, const struct rf_compare *c, struct rf_error *err)
{
	struct rf_cmp_stats s;
	size_t n = strlen(dir) + 32;
	char *path = rf_xmalloc(n);
	int rc;
	rf_cmp_stats_compute(c->pts, c->n, NULL, &s);
	snprintf(path, n, "%s/scatter.png", dir);
	rc = scatter(path, c, &s, err);
	snprintf(path, n, "%s/histogram.png", dir);
	rc = rc ? rc : histogram(path, c, &s, err);
	snprintf(path, n, "%s/error_distance.png", dir);
	rc = rc ? rc : error_distance(path, c, &s, err);
	free(path);
	return rc;
}
