/* Unit tests of ITU-R P.2108-1 clutter loss and P.2109-0 building entry loss
 * (src/models/p2108.c, src/models/p2109.c, src/core/normal.c).
 *
 * Expected values:
 * - P.2108: NTIA's test vectors (reference/p2108, NTIA/p2108-test-data v1),
 *   every row of the three files; a row with rtn != 0 is an invalid input
 *   that must be refused.  NTIA gives the loss rounded to 0.1 dB, so the
 *   tolerance is half of that step (0.05 dB) plus 1e-9.
 * - P.2109: crc-covlib's validation grid (reference/p2109), every row, given
 *   to 16 digits: tolerance 1e-6 dB.
 * - The normal quantile: textbook values (Abramowitz & Stegun Table 26.5,
 *   z(0.975) = 1.959963985, z(0.99) = 2.326347874, z(0.999) = 3.090232306;
 *   z(1e-8) = -5.612001244 from the same table's 10^-8 row). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/classes.h"
#include "rfplan/csvtab.h"
#include "rfplan/normal.h"
#include "rfplan/p2108.h"
#include "rfplan/p2109.h"

#define P2108_TOL_DB (0.05 + 1e-9)
#define P2109_TOL_DB 1e-6

/* Open a reference CSV; NULL (after SKIP or a CI failure) when absent. */
static int open_ref(const char *rel, struct rf_csv_table *t, const char **cols, int n,
		    int *col)
{
	char buf[512];
	struct rf_error err = {{0}};
	if (!test_data_path(buf, sizeof(buf), rel))
		return -1;
	if (rf_csv_read(buf, t, &err)) {
		CHECK_MSG(0, "%s", err.msg);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		col[i] = rf_csv_column(t, cols[i]);
		CHECK_MSG(col[i] >= 0, "%s: no column %s", rel, cols[i]);
		if (col[i] < 0) {
			rf_csv_free(t);
			return -1;
		}
	}
	CHECK_MSG(t->n_rows > 0, "%s: no rows", rel);
	return 0;
}

static double field(const struct rf_csv_table *t, size_t r, int c)
{
	return atof(rf_csv_field(t, r, c));
}

static void test_normal(void)
{
	TEST_BEGIN("normal quantile: A&S Table 26.5 values and symmetry");
	CHECK_NEAR(rf_normal_quantile(0.5), 0.0, 1e-15);
	CHECK_NEAR(rf_normal_quantile(0.975), 1.959963985, 1e-9);
	CHECK_NEAR(rf_normal_quantile(0.99), 2.326347874, 1e-9);
	CHECK_NEAR(rf_normal_quantile(0.001), -3.090232306, 1e-9);
	CHECK_NEAR(rf_normal_quantile(1e-8), -5.612001244, 1e-9);
	CHECK_NEAR(rf_normal_quantile(0.3) + rf_normal_quantile(0.7), 0.0, 1e-14);
	CHECK(isnan(rf_normal_quantile(0.0)) && isnan(rf_normal_quantile(1.0)));
	TEST_END();
}

/* One NTIA file: run(row) returns the call's status and the loss. */
typedef int (*p2108_row_fn)(const struct rf_csv_table *t, size_t r, const int *col,
			    double *loss, struct rf_error *err);

static void check_ntia(const char *name, const char *rel, const char **cols, int n_cols,
		       p2108_row_fn run)
{
	struct rf_csv_table t;
	int col[8];
	TEST_BEGIN(name);
	if (open_ref(rel, &t, cols, n_cols, col) == 0) {
		int valid = 0, invalid = 0;
		double worst = 0.0;
		for (size_t r = 0; r < t.n_rows; r++) {
			struct rf_error err = {{0}};
			double loss = NAN, want = field(&t, r, col[n_cols - 1]);
			int rtn = atoi(rf_csv_field(&t, r, col[n_cols - 2]));
			int rc = run(&t, r, col, &loss, &err);
			if (rtn == 0) {
				valid++;
				CHECK_MSG(rc == 0, "%s line %ld: refused: %s", rel, t.rows[r].line,
					  err.msg);
				if (!(fabs(loss - want) <= worst))
					worst = fabs(loss - want);
				CHECK_MSG(fabs(loss - want) <= P2108_TOL_DB,
					  "%s line %ld: %.4f dB, want %.1f", rel, t.rows[r].line,
					  loss, want);
			} else {
				invalid++;
				CHECK_MSG(rc == -1 && strstr(err.msg, "P.2108"),
					  "%s line %ld: rtn %d input accepted (%.3f dB)", rel,
					  t.rows[r].line, rtn, loss);
			}
		}
		CHECK(valid > 0 && invalid > 0);
		printf("# %d valid rows (largest difference %.3f dB), %d invalid rows refused\n",
		       valid, worst, invalid);
		rf_csv_free(&t);
	}
	TEST_END();
}

static int run_terminal(const struct rf_csv_table *t, size_t r, const int *c, double *loss,
			struct rf_error *err)
{
	return rf_p2108_terminal_db(field(t, r, c[0]) * 1000.0, field(t, r, c[1]),
				    field(t, r, c[2]), field(t, r, c[3]),
				    (enum rf_p2108_clutter)atoi(rf_csv_field(t, r, c[4])), loss,
				    err);
}

static int run_terrestrial(const struct rf_csv_table *t, size_t r, const int *c, double *loss,
			   struct rf_error *err)
{
	return rf_p2108_terrestrial_db(field(t, r, c[0]) * 1000.0, field(t, r, c[1]),
				       field(t, r, c[2]), loss, err);
}

static int run_aero(const struct rf_csv_table *t, size_t r, const int *c, double *loss,
		    struct rf_error *err)
{
	return rf_p2108_aeronautical_db(field(t, r, c[0]) * 1000.0, field(t, r, c[1]),
					field(t, r, c[2]), loss, err);
}

static void test_p2108(void)
{
	static const char *term[] = { "f__ghz", "h__meter", "w_s__meter", "R__meter",
				      "clutter_type", "rtn", "A_h__db" };
	static const char *terr[] = { "f__ghz", "d__km", "p", "rtn", "L_ctt__db" };
	static const char *aero[] = { "f__ghz", "theta_deg", "p", "rtn", "L_ces__db" };
	check_ntia("P.2108 sec. 3.1 height-gain terminal correction: NTIA vectors",
		   "reference/p2108/ntia_p2108_test_data_HeightGainTerminalCorrectionModelTestData.csv",
		   term, 7, run_terminal);
	check_ntia("P.2108 sec. 3.2 terrestrial statistical model: NTIA vectors",
		   "reference/p2108/ntia_p2108_test_data_TerrestrialStatisticalModelTestData.csv",
		   terr, 5, run_terrestrial);
	check_ntia("P.2108 sec. 3.3 aeronautical statistical model: NTIA vectors",
		   "reference/p2108/ntia_p2108_test_data_AeronauticalStatisticalModelTestData.csv",
		   aero, 5, run_aero);
}

/* A hand computation of eq. (2b): 900 MHz, h 2 m, R 10 m, open/rural:
 * K_h2 = 21.8 + 6.2 log10(0.9) = 21.516298; A_h = -K_h2 log10(0.2) =
 * 21.516298 x 0.698970 = 15.039. */
static void test_p2108_hand(void)
{
	enum rf_p2108_clutter t;
	double loss = NAN;
	struct rf_error err = {{0}};
	TEST_BEGIN("P.2108 names, Table 3 heights, a hand computation of eq. (2b)");
	CHECK(rf_p2108_clutter_parse("Dense Urban", &t) == 0 && t == RF_P2108_DENSE_URBAN);
	CHECK(rf_p2108_clutter_parse("sea", &t) == 0 && t == RF_P2108_WATER_SEA);
	CHECK(rf_p2108_clutter_parse("forest", &t) == 0 && t == RF_P2108_TREES_FOREST);
	CHECK(rf_p2108_clutter_parse("rural", &t) == 0 && t == RF_P2108_OPEN_RURAL);
	CHECK(rf_p2108_clutter_parse("jungle", &t) == -1);
	CHECK(strcmp(rf_p2108_clutter_name(RF_P2108_URBAN), "urban") == 0);
	CHECK(rf_p2108_default_height_m(RF_P2108_URBAN) == 15.0);
	CHECK(rf_p2108_default_height_m(RF_P2108_DENSE_URBAN) == 20.0);
	CHECK(rf_p2108_terminal_db(900, 2, 27, 10, RF_P2108_OPEN_RURAL, &loss, &err) == 0);
	CHECK_NEAR(loss, 15.039, 0.001);
	CHECK(rf_p2108_terminal_db(900, 2, 27, 10, RF_P2108_NONE, &loss, &err) == -1);
	TEST_END();
}

static void test_p2109(void)
{
	static const char *cols[] = { "f_GHz", "p_pct", "building_class", "theta_deg",
				      "L_BEL_dB" };
	struct rf_csv_table t;
	int col[5];
	TEST_BEGIN("P.2109 building entry loss: every row of crc-covlib's grid within 1e-6 dB");
	if (open_ref("reference/p2109/p2109_crc_covlib_grid_subset.csv", &t, cols, 5, col) == 0) {
		double worst = 0.0;
		for (size_t r = 0; r < t.n_rows; r++) {
			struct rf_error err = {{0}};
			double loss = NAN, want = field(&t, r, col[4]);
			int rc = rf_p2109_loss_db(field(&t, r, col[0]) * 1000.0, field(&t, r, col[1]),
						  (enum rf_p2109_class)atoi(rf_csv_field(&t, r, col[2])),
						  field(&t, r, col[3]), &loss, &err);
			CHECK_MSG(rc == 0, "line %ld: %s", t.rows[r].line, err.msg);
			if (!(fabs(loss - want) <= worst))
				worst = fabs(loss - want);
			CHECK_MSG(fabs(loss - want) <= P2109_TOL_DB, "line %ld: %.9f dB, want %.9f",
				  t.rows[r].line, loss, want);
		}
		printf("# P.2109: %zu rows, largest difference %.3g dB\n", t.n_rows, worst);
		CHECK(t.n_rows == 2500);
		rf_csv_free(&t);
	}
	TEST_END();
}

static void test_p2109_input(void)
{
	enum rf_p2109_class c;
	double loss = NAN;
	struct rf_error err = {{0}};
	TEST_BEGIN("P.2109 classes and out-of-range inputs are refused");
	CHECK(rf_p2109_class_parse("traditional", &c) == 0 && c == RF_P2109_TRADITIONAL);
	CHECK(rf_p2109_class_parse("efficient", &c) == 0 && c == RF_P2109_THERMALLY_EFFICIENT);
	CHECK(rf_p2109_class_parse("glass", &c) == -1);
	CHECK(rf_p2109_loss_db(79.9, 50, RF_P2109_TRADITIONAL, 0, &loss, &err) == -1);
	CHECK(strstr(err.msg, "frequency") != NULL);
	CHECK(rf_p2109_loss_db(1800, 0, RF_P2109_TRADITIONAL, 0, &loss, &err) == -1);
	CHECK(rf_p2109_loss_db(1800, 100, RF_P2109_TRADITIONAL, 0, &loss, &err) == -1);
	CHECK(rf_p2109_loss_db(1800, 50, RF_P2109_TRADITIONAL, 90.5, &loss, &err) == -1);
	CHECK(rf_p2109_loss_db(1800, 50, (enum rf_p2109_class)3, 0, &loss, &err) == -1);
	TEST_END();
}

/* The class tables' optional p2108_type column (classes.h): read by name,
 * written back only when a class has one, bad names refused with the line. */
static void test_class_column(void)
{
	char dir[] = "/tmp/rfplan-itu-XXXXXX", in[96], out[96], bad[96];
	struct rf_class_table t = { 0 }, back = { 0 };
	struct rf_error err = {{0}};
	FILE *f;
	TEST_BEGIN("class tables: the p2108_type column read, written, refused when unknown");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(in, sizeof(in), "%s/in.csv", dir);
	snprintf(out, sizeof(out), "%s/out.csv", dir);
	snprintf(bad, sizeof(bad), "%s/bad.csv", dir);
	f = fopen(in, "w");
	if (f) {
		fputs("code,p2108_type,name,loss_db,height_m\n1,Sea,Water,0,0\n"
		      "2,dense urban,CBD,20,25\n3,,Unknown,1,1\n", f);
		fclose(f);
	}
	f = fopen(bad, "w");
	if (f) {
		fputs("code,name,loss_db,height_m,p2108_type\n1,A,0,0,open\n2,B,0,0,desert\n", f);
		fclose(f);
	}
	CHECK_MSG(rf_class_table_read(in, &t, &err) == 0, "%s", err.msg);
	CHECK(t.count == 3 && t.items[0].p2108_type == RF_P2108_WATER_SEA &&
	      t.items[1].p2108_type == RF_P2108_DENSE_URBAN && t.items[2].p2108_type == 0);
	CHECK_MSG(rf_class_table_write(out, &t, &err) == 0, "%s", err.msg);
	CHECK_MSG(rf_class_table_read(out, &back, &err) == 0, "%s", err.msg);
	CHECK(back.count == 3 && back.items[1].p2108_type == RF_P2108_DENSE_URBAN &&
	      back.items[2].p2108_type == 0);
	rf_class_table_free(&back);
	CHECK(rf_class_table_read(bad, &back, &err) == -1);
	CHECK_MSG(strstr(err.msg, "bad.csv:3: column p2108_type: 'desert'") != NULL, "%s", err.msg);
	rf_class_table_free(&t);
	rf_class_table_free(&back);
	unlink(in);
	unlink(out);
	unlink(bad);
	rmdir(dir);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(8);
	test_normal();
	test_p2108();
	test_p2108_hand();
	test_p2109();
	test_p2109_input();
	test_class_column();
	return test_exit_status();
}
