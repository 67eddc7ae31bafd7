/* Checked number parsing and error messages. */
#include "check.h"
#include "rfplan/error.h"

#include <string.h>

int main(void)
{
	double d;
	long l;
	struct rf_error err;

	TEST_PLAN(4);
	TEST_BEGIN("parse_double accepts numbers with blanks");
	CHECK(rf_parse_double(" -42.5 ", &d) == 0 && d == -42.5);
	CHECK(rf_parse_double("28.0\r", &d) == 0 && d == 28.0);
	CHECK(rf_parse_double("1e3", &d) == 0 && d == 1000.0);
	TEST_END();

	TEST_BEGIN("parse_double rejects junk, empty, inf and nan");
	CHECK(rf_parse_double("-42.8x", &d) == -1);
	CHECK(rf_parse_double("", &d) == -1);
	CHECK(rf_parse_double("   ", &d) == -1);
	CHECK(rf_parse_double("undefined", &d) == -1);
	CHECK(rf_parse_double("inf", &d) == -1);
	CHECK(rf_parse_double("nan", &d) == -1);
	CHECK(rf_parse_double("1e999", &d) == -1);
	TEST_END();

	TEST_BEGIN("parse_long");
	CHECK(rf_parse_long("12", &l) == 0 && l == 12);
	CHECK(rf_parse_long("12.5", &l) == -1);
	CHECK(rf_parse_long("99999999999999999999999", &l) == -1);
	TEST_END();

	TEST_BEGIN("error_set and prefix");
	CHECK(rf_error_set(&err, "column %s: '%s' is not a number", "LATITUDE", "x") == -1);
	rf_error_prefix(&err, "%s:%d", "sites.csv", 12);
	CHECK(strcmp(err.msg, "sites.csv:12: column LATITUDE: 'x' is not a number") == 0);
	CHECK(rf_error_set(NULL, "ignored") == -1);
	TEST_END();

	return test_exit_status();
}
