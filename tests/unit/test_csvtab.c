/* Unit tests of the CSV table reader (src/core/csvtab.c).  Expected values are
 * read off the literal inputs written in each case, or counted in the real
 * files with the shell command quoted in the comment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "rfplan/csvtab.h"
#include "rfplan/input.h"

static int read_str(const char *s, struct rf_csv_table *t, struct rf_error *err)
{
	return rf_csv_read_buffer("mem.csv", s, strlen(s), t, err);
}

static void test_basic(void)
{
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab basic quoted commas and line numbers");
	/* line 1 header, line 2 row, line 3 blank, line 4 row with a quoted
	 * comma and doubled quote, line 5 row. */
	const char *s = "id,name,val\n"
			"a, plain ,1\n"
			"\n"
			"b,\"Corner of X, Y \"\"Z\"\"\",2\n"
			"c,last,3";
	CHECK(read_str(s, &t, &err) == 0);
	CHECK(t.n_cols == 3);
	CHECK(t.n_rows == 3);
	if (t.n_rows == 3) {
		CHECK(t.rows[0].line == 2);
		CHECK(t.rows[1].line == 4);
		CHECK(t.rows[2].line == 5);
		CHECK(strcmp(rf_csv_field(&t, 0, 1), "plain") == 0);
		CHECK(strcmp(rf_csv_field(&t, 1, 1), "Corner of X, Y \"Z\"") == 0);
		CHECK(strcmp(rf_csv_field(&t, 2, 2), "3") == 0);
	}
	CHECK(rf_csv_column(&t, "NAME") == 1);
	CHECK(rf_csv_column(&t, "nope") == -1);
	CHECK(strcmp(rf_csv_field(&t, 0, -1), "") == 0);
	CHECK(strcmp(rf_csv_field(&t, 0, 7), "") == 0);
	rf_csv_free(&t);
	TEST_END();
}

static void test_bom_crlf_spaces(void)
{
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab BOM, CRLF, blanks after commas, trailing comma");
	const char *s = "\xEF\xBB\xBFSITE_NO, LATITUDE, LONGITUDE\r\n"
			"1, -42.5, 147.25,\r\n"
			"\r\n"
			"  \t \r\n"
			"2,-41,146\r\n";
	CHECK(read_str(s, &t, &err) == 0);
	CHECK(t.n_cols == 3);
	CHECK(rf_csv_column(&t, "site_no") == 0);
	CHECK(rf_csv_column(&t, "LATITUDE") == 1);
	CHECK(t.n_rows == 2);
	if (t.n_rows == 2) {
		CHECK(strcmp(rf_csv_field(&t, 0, 1), "-42.5") == 0);
		CHECK(t.rows[0].n_fields == 3);
		CHECK(t.rows[1].line == 5);
	}
	rf_csv_free(&t);
	TEST_END();
}

static void test_multiline_and_cr(void)
{
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab quoted newline spans lines; lone CR ends a line");
	/* Row 1 starts on line 2 and ends on line 3; row 2 is on line 4. */
	const char *s = "a,b\n1,\"two\nlines\"\n3,4\n";
	CHECK(read_str(s, &t, &err) == 0);
	CHECK(t.n_rows == 2);
	if (t.n_rows == 2) {
		CHECK(t.rows[0].line == 2);
		CHECK(t.rows[1].line == 4);
		CHECK(strcmp(rf_csv_field(&t, 0, 1), "two\nlines") == 0);
	}
	rf_csv_free(&t);
	CHECK(read_str("a,b\r1,2\r3,4\r", &t, &err) == 0);
	CHECK(t.n_rows == 2);
	if (t.n_rows == 2)
		CHECK(t.rows[1].line == 3);
	rf_csv_free(&t);
	TEST_END();
}

static void test_errors(void)
{
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab errors name file and line");
	CHECK(read_str("", &t, &err) == -1);
	CHECK(strstr(err.msg, "mem.csv") && strstr(err.msg, "empty"));
	CHECK(read_str("\n\n  \n", &t, &err) == -1);
	CHECK(strstr(err.msg, "empty") != NULL);
	/* quote never closed: starts on line 3 */
	CHECK(read_str("a,b\n1,2\n3,\"open\n4,5\n", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:") && strstr(err.msg, "line 3"), "%s", err.msg);
	/* quote inside an unquoted field, line 2 */
	CHECK(read_str("a,b\n1,12\" dish\n", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:2:") != NULL, "%s", err.msg);
	/* text after a closing quote, line 3 */
	CHECK(read_str("a,b\n1,2\n3,\"x\"y\n", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:3:") != NULL, "%s", err.msg);
	/* non-empty field beyond the header: an unquoted comma, line 2 */
	CHECK(read_str("id,name\n1,Corner of X, Y\n", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:2:") && strstr(err.msg, "' Y'") == NULL &&
		  strstr(err.msg, "'Y'"), "%s", err.msg);
	CHECK(rf_csv_read("/nonexistent/x.csv", &t, &err) == -1);
	CHECK(strstr(err.msg, "/nonexistent/x.csv") != NULL);
	TEST_END();
}

static void test_double(void)
{
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	double v = 0;
	TEST_BEGIN("csvtab number fields");
	CHECK(read_str("LAT,LON\n28.0,-42.8x\n,1e3\n", &t, &err) == 0);
	CHECK(rf_csv_double(&t, 0, 0, &v, &err) == 0);
	CHECK_NEAR(v, 28.0, 0);
	CHECK(rf_csv_double(&t, 0, 1, &v, &err) == -1);
	CHECK_MSG(strcmp(err.msg, "mem.csv:2: column LON: '-42.8x' is not a number") == 0,
		  "%s", err.msg);
	CHECK(rf_csv_double(&t, 1, 0, &v, &err) == -1);
	CHECK(strstr(err.msg, "mem.csv:3: column LAT") != NULL);
	CHECK(rf_csv_double(&t, 1, 1, &v, &err) == 0);
	CHECK_NEAR(v, 1000.0, 0);
	rf_csv_free(&t);
	TEST_END();
}

static void test_real_file(void)
{
	char path[512];
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab reads the ACMA Tasmania export");
	if (test_data_path(path, sizeof(path), "sites/acma_tas_sites.csv")) {
		CHECK_MSG(rf_csv_read(path, &t, &err) == 0, "%s", err.msg);
		/* `wc -l` gives 84 lines (CRLF, header + 83 rows);
		 * `head -1 | tr , '\n' | wc -l` gives 11 columns. */
		CHECK(t.n_cols == 11);
		CHECK(t.n_rows == 83);
		/* `grep -n '"' acma_tas_sites.csv`: line 80 has the quoted name
		 * "Transend data centre adj to Trevallyn power station, Elouera
		 * Street TREVALLYN", i.e. data row 79 (index 78). */
		if (t.n_rows == 83) {
			int c = rf_csv_column(&t, "NAME");
			CHECK(t.rows[78].line == 80);
			CHECK(strcmp(rf_csv_field(&t, 78, c),
				     "Transend data centre adj to Trevallyn power station, "
				     "Elouera Street TREVALLYN") == 0);
		}
		rf_csv_free(&t);
	}
	TEST_END();
}

/* Well-formed UTF-8 by RFC 3629 sec. 4 (the byte sequences of its table),
 * and one example of each way to break it. */
static void test_utf8(void)
{
	static const struct { const char *field; const char *want; } bad[] = {
		{ "Caf\xE9", "byte 0xE9 at byte 4" },         /* Latin-1 e-acute */
		{ "\x80x", "byte 0x80 at byte 1" },           /* lone continuation */
		{ "\xC0\xAF", "byte 0xC0 at byte 1" },        /* overlong '/' */
		{ "\xE0\x80\xAF", "byte 0xE0 at byte 1" },    /* overlong, 3 bytes */
		{ "\xED\xA0\x80", "byte 0xED at byte 1" },    /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", "byte 0xF4 at byte 1" },/* U+110000 */
		{ "ab\xE2\x82", "byte 0xE2 at byte 3" },      /* truncated euro sign */
	};
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	char buf[128];
	TEST_BEGIN("csvtab fields must be UTF-8 (RFC 3629), errors name line and column");
	/* U+00E9, U+20AC, U+10348, U+10FFFF: one of each length, the last the
	 * highest code point */
	CHECK_MSG(read_str("id,name\n1,\xC3\xA9\xE2\x82\xAC\xF0\x90\x8D\x88\xF4\x8F\xBF\xBF\n",
			   &t, &err) == 0, "%s", err.msg);
	if (t.n_rows == 1)
		CHECK(strcmp(rf_csv_field(&t, 0, 1), "\xC3\xA9\xE2\x82\xAC\xF0\x90\x8D\x88"
			     "\xF4\x8F\xBF\xBF") == 0);
	rf_csv_free(&t);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "id,name\n1,ok\n2,%s\n", bad[i].field);
		CHECK(read_str(buf, &t, &err) == -1);
		CHECK_MSG(strstr(err.msg, "mem.csv:3: column 2 (name): ") &&
			  strstr(err.msg, bad[i].want), "%zu: %s", i, err.msg);
	}
	CHECK(read_str("id,n\xE9\n", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:1: header column 2: byte 0xE9"), "%s", err.msg);
	TEST_END();
}

static void test_unknown_columns(void)
{
	static const char *const known[] = {"site_id", "cell_id", "azimuth_deg",
					    "frequency_mhz", NULL};
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("csvtab unknown columns: column number and nearest known name");
	/* edit distances by hand: kitten/sitting 3 (Wagner-Fischer's example);
	 * azimuth_dg -> azimuth_deg 1 insertion; freq_mhz -> frequency_mhz 5 */
	const char *const ks[] = {"sitting", "kitchen", NULL};
	CHECK(strcmp(rf_closest_name("kitten", ks), "kitchen") == 0); /* 2 < 3 */
	const char *const ks2[] = {"sitting", "mitten", NULL};
	CHECK(strcmp(rf_closest_name("KITTEN", ks2), "mitten") == 0); /* case-insensitive, 1 */
	CHECK(read_str("Site_ID,cell_id,azimuth_deg\n1,A,0\n", &t, &err) == 0);
	CHECK_MSG(rf_csv_check_columns(&t, known, &err) == 0, "%s", err.msg);
	rf_csv_free(&t);
	CHECK(read_str("\nsite_id,cell_id,azimuth_dg\n1,A,0\n", &t, &err) == 0);
	CHECK(rf_csv_check_columns(&t, known, &err) == -1);
	CHECK_MSG(strstr(err.msg, "mem.csv:2: column 3 'azimuth_dg' is not a known column "
			 "(did you mean 'azimuth_deg'?)"), "%s", err.msg);
	rf_csv_free(&t);
	CHECK(read_str("site_id,freq_mhz\n1,800\n", &t, &err) == 0);
	CHECK(rf_csv_check_columns(&t, known, &err) == -1);
	CHECK_MSG(strstr(err.msg, "(did you mean 'frequency_mhz'?)"), "%s", err.msg);
	CHECK(strcmp(rf_csv_closest_column(&t, "frequency"), "freq_mhz") == 0);
	rf_csv_free(&t);
	TEST_END();
}

/* A file of `size` bytes made of lines of `line` bytes (plus LF). */
static void write_lines(const char *path, size_t size, size_t line)
{
	FILE *f = fopen(path, "w");
	for (size_t n = 0; f && n < size; n++)
		fputc(n % (line + 1) == line ? '\n' : 'x', f);
	if (f)
		fclose(f);
}

/* rf_input_read succeeded (the buffer freed). */
static int read_ok(const char *path, struct rf_error *err)
{
	char *buf = rf_input_read(path, NULL, err);
	int ok = buf != NULL;
	free(buf);
	return ok;
}

static void test_input_limits(void)
{
	char dir[] = "/tmp/rfplan_test_input.XXXXXX", path[64], cmd[96];
	struct rf_csv_table t;
	struct rf_error err = {{0}};
	TEST_BEGIN("input check: regular files only, size and line caps from the environment");
	CHECK(rf_csv_read("/dev/null", &t, &err) == -1);
	CHECK_MSG(strstr(err.msg, "/dev/null: not a regular file (a character device)"), "%s",
		  err.msg);
	CHECK(!read_ok("/tmp", &err));
	CHECK_MSG(strstr(err.msg, "/tmp: not a regular file (a directory)"), "%s", err.msg);
	if (!mkdtemp(dir)) {
		CHECK_MSG(0, "mkdtemp failed");
		TEST_END();
		return;
	}
	snprintf(path, sizeof(path), "%s/a.csv", dir);
	/* 3 lines of 10 bytes + LF = 33 bytes */
	write_lines(path, 33, 10);
	setenv("RFPLAN_MAX_LINE_BYTES", "10", 1);
	CHECK_MSG(read_ok(path, &err), "%s", err.msg);
	setenv("RFPLAN_MAX_LINE_BYTES", "9", 1);
	CHECK(!read_ok(path, &err));
	CHECK_MSG(strstr(err.msg, "a.csv:1: line of 10 bytes, longer than the limit of 9"), "%s",
		  err.msg);
	unsetenv("RFPLAN_MAX_LINE_BYTES");
	/* 1 MiB + 1 byte against a 1 MiB cap; exactly 1 MiB passes */
	write_lines(path, 1048577, 1000);
	setenv("RFPLAN_MAX_INPUT_MB", "1", 1);
	CHECK(!read_ok(path, &err));
	CHECK_MSG(strstr(err.msg, "a.csv: 1048577 bytes, more than the limit of 1 MiB"), "%s",
		  err.msg);
	write_lines(path, 1048576, 1000);
	CHECK_MSG(read_ok(path, &err), "%s", err.msg);
	setenv("RFPLAN_MAX_INPUT_MB", "0", 1);
	CHECK(!read_ok(path, &err));
	CHECK_MSG(strstr(err.msg, "RFPLAN_MAX_INPUT_MB='0' is not a positive whole number"), "%s",
		  err.msg);
	unsetenv("RFPLAN_MAX_INPUT_MB");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(9);
	test_basic();
	test_bom_crlf_spaces();
	test_multiline_and_cr();
	test_errors();
	test_double();
	test_real_file();
	test_utf8();
	test_unknown_columns();
	test_input_limits();
	return test_exit_status();
}
