/* --products (doc/outputs.md "Products"): the list parser, its refusals
 * and the names run.json records.  The expected masks are the bits of
 * enum rf_product in include/rfplan/predict.h, in the order the document
 * lists the products (maps 1, service 2, hillshade 4, gpkg 8, png 16,
 * kmz 32, qgis 64, stats 128). */
#include "check.h"
#include "rfplan/predict.h"

#include <string.h>

int main(void)
{
	struct rf_error err;
	unsigned m = 12345;
	char buf[160];

	TEST_PLAN(6);
	TEST_BEGIN("products: a list gives its bits, in any order and case, blanks allowed");
	CHECK(rf_products_parse("maps,gpkg", "--products", &m, &err) == 0 && m == (1u | 8u));
	CHECK(rf_products_parse("KMZ, stats", "--products", &m, &err) == 0 && m == (32u | 128u));
	CHECK(rf_products_parse("png,hillshade,png", "--products", &m, &err) == 0 &&
	      m == (16u | 4u));
	TEST_END();

	TEST_BEGIN("products: every product is the default, mask 0 (all)");
	CHECK(rf_products_parse("stats,qgis,kmz,png,gpkg,hillshade,service,maps", "--products",
				&m, &err) == 0 && m == 0);
	TEST_END();

	TEST_BEGIN("products: an unknown name is refused naming the nearest known one");
	m = 7;
	CHECK(rf_products_parse("maps,gpks", "option --products", &m, &err) == -1);
	CHECK(strstr(err.msg, "option --products") != NULL);
	CHECK(strstr(err.msg, "'gpks'") != NULL);
	CHECK(strstr(err.msg, "did you mean 'gpkg'") != NULL);
	CHECK(m == 7);   /* untouched on error */
	CHECK(rf_products_parse("hilshade", "x", &m, &err) == -1 &&
	      strstr(err.msg, "did you mean 'hillshade'") != NULL);
	TEST_END();

	TEST_BEGIN("products: qgis without maps is refused, with maps accepted");
	CHECK(rf_products_parse("qgis,gpkg", "--products", &m, &err) == -1);
	CHECK(strstr(err.msg, "qgis needs maps") != NULL);
	CHECK(rf_products_parse("qgis,maps", "--products", &m, &err) == 0 && m == (64u | 1u));
	TEST_END();

	TEST_BEGIN("products: an empty list is refused");
	CHECK(rf_products_parse("", "--products", &m, &err) == -1);
	CHECK(rf_products_parse(",,", "--products", &m, &err) == -1);
	TEST_END();

	TEST_BEGIN("products: the recorded names round-trip; 0 is written as every name");
	rf_products_format(0, buf, sizeof(buf));
	CHECK(strcmp(buf, "maps,service,hillshade,gpkg,png,kmz,qgis,stats") == 0);
	rf_products_format(1u | 8u | 64u, buf, sizeof(buf));
	CHECK(strcmp(buf, "maps,gpkg,qgis") == 0);
	CHECK(rf_products_parse(buf, "parameters.products", &m, &err) == 0 &&
	      m == (1u | 8u | 64u));
	TEST_END();
	return test_exit_status();
}
