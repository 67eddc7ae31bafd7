/* The products of a prediction (--products, doc/outputs.md "Products"):
 * names, their parsing with the nearest-name suggestion, and the one
 * dependency (project.qgs references the maps). */
#include "rfplan/predict.h"
#include "rfplan/input.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* In bit order: names[i] is bit 1 << i. */
static const char *const names[] = {
	"maps", "service", "hillshade", "gpkg", "png", "kmz", "qgis", "stats", NULL
};

int rf_products_parse(const char *list, const char *what, unsigned *mask,
		      struct rf_error *err)
{
	char *copy = rf_xstrdup(list), *save = NULL;
	unsigned m = 0;
	int rc = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		int i;
		while (*tok == ' ')
			tok++;
		tok[strcspn(tok, " ")] = '\0';
		for (i = 0; names[i] && strcasecmp(tok, names[i]); i++)
			;
		if (names[i])
			m |= 1u << i;
		else
			rc = rf_error_set(err, "%s: unknown product '%.40s' (did you mean '%s'? "
					  "known: maps, service, hillshade, gpkg, png, kmz, "
					  "qgis, stats)", what, tok, rf_closest_name(tok, names));
	}
	free(copy);
	if (rc)
		return -1;
	if (!m)
		return rf_error_set(err, "%s: '%.40s' names no product (maps, service, "
				    "hillshade, gpkg, png, kmz, qgis, stats)", what, list);
	if ((m & RF_PRODUCT_QGIS) && !(m & RF_PRODUCT_MAPS))
		return rf_error_set(err, "%s: qgis needs maps (project.qgs references "
				    "rsrp.tif and the other maps): add maps to '%.40s'", what, list);
	*mask = m == RF_PRODUCTS_ALL ? 0 : m;   /* 0: all, the default */
	return 0;
}

void rf_products_format(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;
	if (len)
		buf[0] = '\0';
	for (int i = 0; names[i]; i++)
		if ((mask ? mask : RF_PRODUCTS_ALL) & (1u << i)) {
			int k = snprintf(buf + n, len > n ? len - n : 0, "%s%s", n ? "," : "",
					 names[i]);
			if (k > 0)
				n += (size_t)k;
		}
}

unsigned rf_products_written(const struct rf_predict_options *o)
{
	return (o->products ? o->products : RF_PRODUCTS_ALL) |
	       (o->engine.tile_n ? RF_PRODUCT_MAPS : 0u);
}

int rf_products_want(const struct rf_predict_options *o, enum rf_product p)
{
	return !o->products || (o->products & (unsigned)p) != 0;
}
