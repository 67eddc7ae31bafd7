/* Unit tests of the CSV table reader (src/csvtab.c).  Expected values are
 * read off the literal inputs written in each case, or counted in the real
 * files with the shell command quoted in the comment. */
#include <string.h>

#include "check.h"
#include "rfplan/csvtab.h"

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

int main(void)
{
	TEST_PLAN(6);
	test_basic();
	test_bom_crlf_spaces();
	test_multiline_and_cr();
	test_errors();
	test_double();
	test_real_file();
	return test_exit_status();
}
