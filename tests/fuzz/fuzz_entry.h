/* The fuzzing entry points, shared by the libFuzzer harnesses
 * (tests/fuzz/fuzz_*.c, built by scripts/fuzz.sh) and by the regression test
 * (tests/unit/test_fuzz_regressions.c, run by `make check`), so that an input
 * that once crashed a reader goes through exactly the same calls forever.
 *
 * Each target hands the bytes to one reader.  The readers take paths, so the
 * bytes are written to a file in a private temporary directory first (on
 * /dev/shm when it exists: no disk I/O per input).  A target returns 0 when
 * the reader behaved: it succeeded, or it failed with a message that names
 * the file.  A crash, a leak or undefined behaviour is caught by the
 * sanitizers (fuzzers) or by the test's own process dying.
 *
 * Static state is fine here: test programs are single-threaded. */
#ifndef RFPLAN_FUZZ_ENTRY_H
#define RFPLAN_FUZZ_ENTRY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rfplan/antenna.h"
#include "rfplan/batch.h"
#include "rfplan/cells.h"
#include "rfplan/classes.h"
#include "rfplan/csvtab.h"
#include "rfplan/error.h"
#include "rfplan/pfl.h"
#include "rfplan/sites.h"

/* A valid antenna file next to the fuzzed cells.csv, so that rows naming
 * `a.msi` get past the antenna step: 4-point cuts (angles 0, 90, 180, 270). */
static const char fuzz_antenna_msi[] =
	"NAME FUZZ\nFREQUENCY 1800\nGAIN 15 dBd\n"
	"HORIZONTAL 4\n0 0\n90 10\n180 25\n270 10\n"
	"VERTICAL 4\n0 0\n90 20\n180 25\n270 20\n";

struct fuzz_ctx {
	char dir[256];           /* private temporary directory */
	struct rf_sites sites;   /* sites S1, S2 for the cells reader */
};

static int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int fuzz_ctx_init(struct fuzz_ctx *c)
{
	struct stat st;
	const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm"
		: getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char p[512];
	memset(c, 0, sizeof(*c));
	snprintf(c->dir, sizeof(c->dir), "%s/rfplan-fuzz.XXXXXX", base);
	if (!mkdtemp(c->dir))
		return -1;
	snprintf(p, sizeof(p), "%s/a.msi", c->dir);
	if (fuzz_write_file(p, (const uint8_t *)fuzz_antenna_msi, strlen(fuzz_antenna_msi)))
		return -1;
	c->sites.count = 2;
	c->sites.items = rf_xcalloc(2, sizeof(*c->sites.items));
	for (int i = 0; i < 2; i++) {
		struct rf_site *s = &c->sites.items[i];
		s->id = rf_xstrdup(i ? "S2" : "S1");
		s->name = rf_xstrdup("");
		s->lat_deg = -10.5;
		s->lon_deg = 105.6 + 0.01 * i;
		s->line = i + 2;
	}
	return 0;
}

static void fuzz_ctx_fini(struct fuzz_ctx *c)
{
	char p[512];
	const char *names[] = { "a.msi", "in.csv", "in.msi", "in.pfl", "cells.csv", "plan.json" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", c->dir, names[i]);
		unlink(p);
	}
	rmdir(c->dir);
	rf_sites_free(&c->sites);
}

/* A failed read must say which file: the message starts with or contains
 * the path (or, for the buffer reader, the name given). */
static int fuzz_msg_ok(const struct rf_error *err, const char *name)
{
	return err->msg[0] && strstr(err->msg, name) != NULL;
}

/* Targets.  Each returns 0 (behaved) or -1 (a failure without a proper
 * message). */
static int fuzz_csv(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	struct rf_csv_table t;
	struct rf_error err = { "" };
	(void)c;
	if (rf_csv_read_buffer("fuzz.csv", (const char *)data, size, &t, &err))
		return fuzz_msg_ok(&err, "fuzz.csv") ? 0 : -1;
	/* Every row's fields can be read back; numbers parse or fail cleanly. */
	for (size_t r = 0; r < t.n_rows; r++)
		for (size_t k = 0; k < t.n_cols; k++) {
			double v;
			struct rf_error e2;
			(void)rf_csv_field(&t, r, (int)k);
			(void)rf_csv_double(&t, r, (int)k, &v, &e2);
		}
	rf_csv_free(&t);
	return 0;
}

static int fuzz_sites(const struct fuzz_ctx *c, const uint8_t *data, size_t size,
		      enum rf_sites_format format)
{
	char p[512];
	struct rf_sites_options o;
	struct rf_sites s;
	struct rf_sites_report rep;
	struct rf_error err = { "" };
	int rc;
	snprintf(p, sizeof(p), "%s/in.csv", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	rf_sites_options_default(&o);
	o.format = format;
	if (rf_sites_read(p, &o, &s, &rep, &err))
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	rc = 0;
	for (size_t i = 0; i < s.count; i++)
		if (!(s.items[i].lat_deg >= -90 && s.items[i].lat_deg <= 90) ||
		    !(s.items[i].lon_deg >= -180 && s.items[i].lon_deg <= 360))
			rc = -1;   /* a site read without a usable position */
	rf_sites_free(&s);
	rf_sites_report_free(&rep);
	return rc;
}

static int fuzz_sites_acma(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	return fuzz_sites(c, data, size, RF_SITES_ACMA);
}

static int fuzz_sites_generic(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	return fuzz_sites(c, data, size, RF_SITES_GENERIC);
}

static int fuzz_cells(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	char p[512];
	struct rf_cell_defaults d;
	struct rf_cells cells;
	struct rf_error err = { "" };
	/* Antenna paths are opened: keep them inside the private directory
	 * (no '/' at all), so that no input can name /dev/zero or a FIFO. */
	if (memchr(data, '/', size))
		return 0;
	snprintf(p, sizeof(p), "%s/cells.csv", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	rf_cell_defaults_init(&d);
	if (rf_cells_read(p, &c->sites, &d, &cells, &err))
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	rf_cells_free(&cells);
	return 0;
}

static int fuzz_classes(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	char p[512];
	struct rf_class_table t;
	struct rf_error err = { "" };
	snprintf(p, sizeof(p), "%s/in.csv", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	if (rf_class_table_read(p, &t, &err))
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	rf_class_table_free(&t);
	return 0;
}

static int fuzz_antenna(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	char p[512];
	struct rf_antenna *a;
	struct rf_error err = { "" };
	int rc = 0;
	snprintf(p, sizeof(p), "%s/in.msi", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	a = rf_antenna_read_msi(p, &err);
	if (!a)
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	/* The gain toward a few directions is finite and never above peak. */
	for (int az = 0; az < 360; az += 45)
		for (int el = -90; el <= 90; el += 30) {
			double g = rf_antenna_gain_dbi(a, 10, 3, az, el);
			if (!(g <= rf_antenna_peak_gain_dbi(a) + 1e-9))
				rc = -1;
		}
	rf_antenna_free(a);
	return rc;
}

static int fuzz_pfl(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	char p[512];
	struct rf_pfl pfl;
	struct rf_error err = { "" };
	int rc = 0;
	snprintf(p, sizeof(p), "%s/in.pfl", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	if (rf_pfl_read(p, &pfl, &err))
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	if (pfl.n < 2 || !(pfl.step_m > 0))
		rc = -1;
	if (!((pfl.n - 1) * pfl.step_m <= 2.0e7))
		rc = -1;   /* longer than any path on the Earth (pfl.c) */
	for (int i = 0; i < pfl.n && rc == 0; i++)
		if (!(pfl.z_m[i] >= -1e5 && pfl.z_m[i] <= 1e5))
			rc = -1;   /* NaN or absurd height */
	rf_pfl_free(&pfl);
	return rc;
}

static int fuzz_batch_plan(const struct fuzz_ctx *c, const uint8_t *data, size_t size)
{
	char p[512];
	struct rf_batch_plan plan;
	struct rf_error err = { "" };
	int rc = 0;
	snprintf(p, sizeof(p), "%s/plan.json", c->dir);
	if (fuzz_write_file(p, data, size))
		return 0;
	if (rf_batch_plan_read(p, &plan, &err))
		return fuzz_msg_ok(&err, p) ? 0 : -1;
	if (plan.n_regions == 0)
		rc = -1;   /* "regions (required, non-empty)" (doc/batch.md) */
	for (size_t i = 0; i < plan.n_regions; i++)
		if (!plan.regions[i].name || !plan.regions[i].name[0])
			rc = -1;
	rf_batch_plan_free(&plan);
	return rc;
}

/* The targets by name: the regression inputs live in
 * tests/fuzz/regressions/NAME/, the seed corpora in tests/fuzz/corpus/NAME/. */
struct fuzz_target {
	const char *name;
	int (*run)(const struct fuzz_ctx *c, const uint8_t *data, size_t size);
};

static const struct fuzz_target fuzz_targets[] = {
	{ "csv", fuzz_csv },
	{ "sites_acma", fuzz_sites_acma },
	{ "sites_generic", fuzz_sites_generic },
	{ "cells", fuzz_cells },
	{ "classes", fuzz_classes },
	{ "antenna", fuzz_antenna },
	{ "pfl", fuzz_pfl },
	{ "batch_plan", fuzz_batch_plan },
};
#define FUZZ_N_TARGETS (sizeof(fuzz_targets) / sizeof(fuzz_targets[0]))

/* The libFuzzer harness for one target: define FUZZ_TARGET to its function
 * and include this header from tests/fuzz/fuzz_NAME.c. */
#ifdef FUZZ_TARGET
static struct fuzz_ctx fuzz_the_ctx;

static void fuzz_cleanup(void)
{
	fuzz_ctx_fini(&fuzz_the_ctx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (fuzz_ctx_init(&fuzz_the_ctx)) {
		fprintf(stderr, "fuzz: cannot create a temporary directory\n");
		abort();
	}
	atexit(fuzz_cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (FUZZ_TARGET(&fuzz_the_ctx, data, size)) {
		fprintf(stderr, "fuzz: reader failed without naming the file, or "
			"returned an unusable result\n");
		abort();
	}
	return 0;
}
#endif

#endif
