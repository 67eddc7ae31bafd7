/* Measurement files (measure.h) and the compare statistics.
 *
 * The real drive tests (Cork LTE driving, OpenCelliD Ottawa walks) are read
 * and every count (rows, kept, excluded by reason) is checked against awk
 * run on the same files by this test: awk applies the documented rules
 * (measure.h) on its own, with no rfplan code involved.  The small cases
 * use hand-written CSVs whose expected values are written out here. */
#include "check.h"
#include "rfplan/compare.h"
#include "rfplan/measure.h"

#include <dirent.h>
#include <unistd.h>

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Run an awk program printing one number per line into out[]; returns how
 * many numbers were read. */
static int awk_numbers(const char *cmd, long *out, int max)
{
	FILE *p = popen(cmd, "r");
	int n = 0;
	if (!p)
		return -1;
	while (n < max && fscanf(p, "%ld", &out[n]) == 1)
		n++;
	pclose(p);
	return n;
}

/* awk's version of the rules: technology, coordinates, RSRP in
 * [-140, -44]; prints rows, not_lte, missing coords, bad coords, missing
 * RSRP, bad RSRP, kept. */
#define AWK_RULES \
	"function miss(s) { return s == \"\" || s == \"-\" } " \
	"function isnum(s) { return s ~ /^[-+]?[0-9]+(\\.[0-9]*)?$/ } " \
	"FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } " \
	"NF == 0 { next } " \
	"{ rows++; lat = $c[LAT]; lon = $c[LON]; r = $c[RSRP]; t = $c[TECH] } " \
	"TECHOK == 0 && !(t == \"LTE\" || t == \"5G\") { notlte++; next } " \
	"TECHOK == 1 && t !~ /^LTE/ { notlte++; next } " \
	"miss(lat) || miss(lon) { mc++; next } " \
	"!isnum(lat) || !isnum(lon) || lat+0 > 90 || lat+0 < -90 || lon+0 > 180 || lon+0 < -180 || (lat+0 == 0 && lon+0 == 0) { bc++; next } " \
	"miss(r) { mr++; next } " \
	"!isnum(r) || r+0 < -140 || r+0 > -44 { br++; next } " \
	"{ kept++ } " \
	"END { print rows+0; print notlte+0; print mc+0; print bc+0; print mr+0; print br+0; print kept+0 }"

static void check_dir(const char *dir, enum rf_measure_format want_fmt, const char *awk_vars)
{
	struct rf_measurements m;
	struct rf_error err;
	char cmd[4096], files[2048] = "";
	long want[7];
	DIR *d = opendir(dir);
	struct dirent *e;
	int nfiles = 0;

	rf_measurements_init(&m);
	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[1024];
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		CHECK_MSG(rf_measurements_read(&m, path, RF_MEAS_AUTO, NULL, &err) == 0, "%s",
			  err.msg);
		CHECK(m.formats[m.n_files - 1] == want_fmt);
		snprintf(files + strlen(files), sizeof(files) - strlen(files), " '%s'", path);
		nfiles++;
	}
	closedir(d);
	CHECK(nfiles > 0);
	snprintf(cmd, sizeof(cmd), "awk -F, %s '" AWK_RULES "' %s", awk_vars, files);
	CHECK(awk_numbers(cmd, want, 7) == 7);
	CHECK(m.n_rows == want[0]);
	CHECK(m.excluded[RF_MEAS_NOT_LTE] == want[1]);
	CHECK(m.excluded[RF_MEAS_MISSING_COORD] == want[2]);
	CHECK(m.excluded[RF_MEAS_BAD_COORD] == want[3]);
	CHECK(m.excluded[RF_MEAS_MISSING_RSRP] == want[4]);
	CHECK(m.excluded[RF_MEAS_BAD_RSRP] == want[5]);
	CHECK_MSG((long)m.count == want[6], "kept %zu, awk %ld", m.count, want[6]);
	printf("# %s: %ld rows, kept %zu (awk %ld), not LTE %ld, invalid RSRP %ld\n", dir,
	       m.n_rows, m.count, want[6], want[1], want[5]);
	rf_measurements_free(&m);
}

static void test_cork(void)
{
	char buf[1024];
	TEST_BEGIN("Cork LTE drive tests: rows kept and excluded agree with awk");
	const char *dir = test_data_path(buf, sizeof(buf), "drivetest/cork_lte_driving");
	if (dir)
		check_dir(dir, RF_MEAS_CORK,
			  "-v LAT=Latitude -v LON=Longitude -v RSRP=RSRP -v TECH=NetworkMode "
			  "-v TECHOK=0");
	TEST_END();
}

static void test_ottawa(void)
{
	char buf[1024];
	TEST_BEGIN("OpenCelliD Ottawa walks: rows kept and excluded agree with awk");
	const char *dir = test_data_path(buf, sizeof(buf), "drivetest/ottawa_walk/lacolyoc");
	if (dir)
		check_dir(dir, RF_MEAS_OPENCELLID,
			  "-v LAT=lat -v LON=lon -v RSRP=signal -v TECH=act -v TECHOK=1");
	TEST_END();
}

static void test_generic(void)
{
	struct rf_measurements m;
	struct rf_measure_columns cols;
	struct rf_error err;
	char spec[] = "lat=Y,lon=X,rsrp_dbm=Level,cell_id=Cell";

	TEST_BEGIN("generic CSV: --columns mapping, ids, PCI, EARFCN, exclusions by reason");
	rf_measurements_init(&m);
	rf_measure_columns_default(&cols);
	CHECK(rf_measure_columns_parse(spec, &cols, &err) == 0);
	const char *p = write_tmp("g.csv",
		"Y,X,Level,Cell,pci,earfcn\n"
		"-23.3,143.3,-95.5,7,101,1575\n"       /* kept: band 3 */
		"-23.3,143.3,-,7,,\n"                  /* missing RSRP */
		",143.3,-90,7,,\n"                     /* missing coordinate */
		"-23.3,143.3,-139.9,,504,6300\n"       /* kept, PCI 504 invalid */
		"-23.3,143.3,-151,,,\n"                /* below -150: invalid */
		"-23.3,143.3,-43,,,\n"                 /* above -44: invalid */
		"95,143.3,-80,,,\n"                    /* latitude out of range */
		"0,0,-80,,,\n");                       /* 0,0 */
	CHECK_MSG(rf_measurements_read(&m, p, RF_MEAS_AUTO, &cols, &err) == 0, "%s", err.msg);
	CHECK(m.formats[0] == RF_MEAS_CSV);
	CHECK(m.n_rows == 8);
	CHECK(m.count == 2);
	CHECK(m.excluded[RF_MEAS_MISSING_RSRP] == 1 && m.first_line[RF_MEAS_MISSING_RSRP] == 3);
	CHECK(m.excluded[RF_MEAS_MISSING_COORD] == 1);
	CHECK(m.excluded[RF_MEAS_BAD_RSRP] == 2 && m.first_line[RF_MEAS_BAD_RSRP] == 6);
	CHECK(m.excluded[RF_MEAS_BAD_COORD] == 2);
	if (m.count == 2) {
		CHECK(m.items[0].line == 2 && !strcmp(m.items[0].cell_id, "7"));
		CHECK(m.items[0].site_id == NULL && m.items[0].pci == 101);
		/* TS 36.101 table 5.7.3-1, band 3: 1805 + 0.1 (1575 - 1200) = 1842.5 */
		CHECK_NEAR(m.items[0].freq_mhz, 1842.5, 1e-9);
		CHECK_NEAR(m.items[0].rsrp_dbm, -95.5, 0);
		CHECK(m.items[1].pci == -1 && m.items[1].cell_id == NULL);
		/* band 20: 791 + 0.1 (6300 - 6150) = 806 */
		CHECK_NEAR(m.items[1].freq_mhz, 806.0, 1e-9);
	}
	rf_measurements_free(&m);
	TEST_END();
}

static void test_extra_columns(void)
{
	struct rf_measurements m;
	struct rf_measure_columns cols;
	struct rf_error err;

	TEST_BEGIN("calibrate's two extra columns: --offset-by's group and --folds-by's fold group");
	rf_measurements_init(&m);
	rf_measure_columns_default(&cols);
	cols.group = "operator";
	cols.fold = "route";
	const char *p = write_tmp("r.csv", "lat,lon,rsrp_dbm,operator,route\n"
				  "-42,147,-90,A,R1\n"
				  "-42,147,-91,B,\n"       /* a row without a route */
				  "-42,147,-92,-,R2\n");   /* "-": no operator */
	CHECK_MSG(rf_measurements_read(&m, p, RF_MEAS_AUTO, &cols, &err) == 0, "%s", err.msg);
	CHECK(m.count == 3);
	if (m.count == 3) {
		CHECK(!strcmp(m.items[0].group, "A") && !strcmp(m.items[0].fold_group, "R1"));
		CHECK(!strcmp(m.items[1].group, "B") && m.items[1].fold_group == NULL);
		CHECK(m.items[2].group == NULL && !strcmp(m.items[2].fold_group, "R2"));
	}
	rf_measurements_free(&m);
	/* both options may name one column */
	rf_measurements_init(&m);
	cols.fold = "operator";
	CHECK_MSG(rf_measurements_read(&m, p, RF_MEAS_AUTO, &cols, &err) == 0, "%s", err.msg);
	CHECK(m.count == 3 && !strcmp(m.items[1].group, "B") && !strcmp(m.items[1].fold_group, "B"));
	rf_measurements_free(&m);
	/* a fold column the file lacks: named, with the option and the nearest header */
	rf_measurements_init(&m);
	cols.fold = "rout";
	CHECK(rf_measurements_read(&m, p, RF_MEAS_AUTO, &cols, &err) == -1);
	CHECK_MSG(strstr(err.msg, "r.csv:1: no column 'rout' (--folds-by column=rout; did you mean "
			 "'route'?)") != NULL, "%s", err.msg);
	CHECK(m.count == 0 && m.n_files == 0);
	rf_measurements_free(&m);
	TEST_END();
}

static void test_bad_files(void)
{
	struct rf_measurements m;
	struct rf_error err;
	char spec[] = "speed=Y";
	struct rf_measure_columns cols;

	TEST_BEGIN("no known format, missing column, bad --columns: errors name file and line");
	rf_measurements_init(&m);
	const char *p = write_tmp("x.csv", "a,b,c\n1,2,3\n");
	CHECK(rf_measurements_read(&m, p, RF_MEAS_AUTO, NULL, &err) == -1);
	CHECK(strstr(err.msg, "x.csv:1: no known measurement format") != NULL);
	CHECK(m.count == 0 && m.n_files == 0);
	CHECK(rf_measurements_read(&m, p, RF_MEAS_CORK, NULL, &err) == -1);
	CHECK(strstr(err.msg, "x.csv:1: no column 'Latitude'") != NULL);
	rf_measure_columns_default(&cols);
	CHECK(rf_measure_columns_parse(spec, &cols, &err) == -1);
	CHECK(strstr(err.msg, "unknown field 'speed'") != NULL);
	/* a column named in --columns must be there: "PCI" is absent, "pci_" nearest */
	char spec2[] = "rsrp_dbm=RSRP,pci=PCI";
	rf_measure_columns_default(&cols);
	CHECK(rf_measure_columns_parse(spec2, &cols, &err) == 0);
	p = write_tmp("y.csv", "lat,lon,RSRP,pci_\n-42,147,-90,1\n");
	CHECK(rf_measurements_read(&m, p, RF_MEAS_CSV, &cols, &err) == -1);
	CHECK_MSG(strstr(err.msg, "y.csv:1: no column 'PCI' named in --columns pci=PCI (did you "
			 "mean 'pci_'?)") != NULL, "%s", err.msg);
	CHECK(rf_measurements_read(&m, "/nonexistent/m.csv", RF_MEAS_AUTO, NULL, &err) == -1);
	CHECK(strstr(err.msg, "/nonexistent/m.csv") != NULL);
	rf_measurements_free(&m);
	TEST_END();
}

static void test_stats(void)
{
	/* errors pred - meas = -2, 0, 2, 4: mean 1, std sqrt(5) (1/n),
	 * rmse sqrt(6) */
	struct rf_cmp_point p[4];
	struct rf_cmp_stats s;
	const double pred[4] = { -100, -96, -90, -86 }, meas[4] = { -98, -96, -92, -90 };
	TEST_BEGIN("compare statistics: mean, std (1/n), rmse, correlation by hand");
	memset(p, 0, sizeof(p));
	for (int i = 0; i < 4; i++) {
		p[i].pred_dbm = pred[i];
		p[i].meas_dbm = meas[i];
		p[i].err_db = pred[i] - meas[i];
	}
	rf_cmp_stats_compute(p, 4, NULL, &s);
	CHECK(s.n == 4);
	CHECK_NEAR(s.mean_db, 1.0, 1e-12);       /* (-2 + 0 + 2 + 4) / 4 */
	CHECK_NEAR(s.std_db, sqrt(5.0), 1e-12);  /* (9 + 1 + 1 + 9) / 4 = 5 */
	CHECK_NEAR(s.rmse_db, sqrt(6.0), 1e-12); /* (4 + 0 + 4 + 16) / 4 = 6 */
	/* pred - mean(-93): -7 -3 3 7; meas - mean(-94): -4 -2 2 4:
	 * sum 28 + 6 + 6 + 28 = 68; sqrt(116 * 40) */
	CHECK_NEAR(s.corr, 68.0 / sqrt(116.0 * 40.0), 1e-12);
	char sel[4] = { 1, 0, 0, 0 };
	rf_cmp_stats_compute(p, 4, sel, &s);
	CHECK(s.n == 1 && isnan(s.corr));
	rf_cmp_stats_compute(p, 0, NULL, &s);
	CHECK(s.n == 0 && isnan(s.mean_db));
	TEST_END();
}

/* The check before reading: 1000 rows of 5 columns against a 1 MiB limit.
 * Per row the reader holds at least its CSV row (2 x 24 bytes), 16 field
 * pointers + 16 (144), 5 fields of 32 and a record with two ids (> 56 +
 * 64): > 400 bytes, so 0.4 MB for 1000 rows passes 1 MiB, while 1024 bytes
 * per point more (1.4 MB) does not. */
static void test_memory(void)
{
	struct rf_error err;
	FILE *f;
	TEST_BEGIN("measurement files over RFPLAN_MAX_MEMORY_MB refused before reading");
	const char *p = write_tmp("big.csv", "lat,lon,rsrp_dbm,site_id,cell_id\n");
	const char *paths[1] = { p };
	f = fopen(p, "a");
	CHECK(f != NULL);
	for (int i = 0; f && i < 1000; i++)
		fprintf(f, "-23.3,143.3,-95.5,1,%d\n", i);
	if (f)
		fclose(f);
	setenv("RFPLAN_MAX_MEMORY_MB", "1", 1);
	CHECK_MSG(rf_measurements_check_memory(paths, 1, 0, &err) == 0, "%s", err.msg);
	CHECK(rf_measurements_check_memory(paths, 1, 1024, &err) == -1);
	CHECK_MSG(strstr(err.msg, "big.csv: 1000 measurement rows would need about") &&
		  strstr(err.msg, "the limit is 1 MiB (RFPLAN_MAX_MEMORY_MB)"), "%s", err.msg);
	unsetenv("RFPLAN_MAX_MEMORY_MB");
	TEST_END();
}

int main(void)
{
	TEST_PLAN(7);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/rfplan_test_measure.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_cork();
	test_ottawa();
	test_generic();
	test_extra_columns();
	test_bad_files();
	test_stats();
	test_memory();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return test_exit_status();
}
