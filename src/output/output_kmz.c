/* Google Earth KMZ: a zip (written with GDAL's CPL zip API) holding doc.kml
 * with a GroundOverlay of the map PNG over the grid's bounds and a
 * ScreenOverlay of the legend, plus the two PNGs (OGC KML 2.2, OGC 07-147r2,
 * sections 11.2 GroundOverlay/LatLonBox and 11.7 ScreenOverlay). */
#include "rfplan/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "core/output_util.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* doc.kml into a malloc'ed string (via open_memstream). */
static char *kml_text(const char *png_name, const char *legend_name, const struct rf_grid *g,
		      const char *name, size_t *len)
{
	struct rf_bounds b;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	rf_grid_bounds(g, &b);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n  <name>", f);
	rf_out_xml_escaped(f, name);
	fputs("</name>\n  <GroundOverlay>\n    <name>", f);
	rf_out_xml_escaped(f, name);
	fputs("</name>\n    <Icon><href>", f);
	rf_out_xml_escaped(f, png_name);
	fprintf(f, "</href></Icon>\n"
		   "    <LatLonBox>\n"
		   "      <north>%.15g</north>\n"
		   "      <south>%.15g</south>\n"
		   "      <east>%.15g</east>\n"
		   "      <west>%.15g</west>\n"
		   "    </LatLonBox>\n"
		   "  </GroundOverlay>\n",
		b.north_deg, b.south_deg, b.east_deg, b.west_deg);
	if (legend_name) {
		fputs("  <ScreenOverlay>\n    <name>Legend</name>\n    <Icon><href>", f);
		rf_out_xml_escaped(f, legend_name);
		/* Legend anchored by its lower-left corner near the window's. */
		fputs("</href></Icon>\n"
		      "    <overlayXY x=\"0\" y=\"0\" xunits=\"fraction\" yunits=\"fraction\"/>\n"
		      "    <screenXY x=\"10\" y=\"30\" xunits=\"pixels\" yunits=\"pixels\"/>\n"
		      "    <size x=\"0\" y=\"0\" xunits=\"pixels\" yunits=\"pixels\"/>\n"
		      "  </ScreenOverlay>\n", f);
	}
	fputs("</Document>\n</kml>\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Add one entry; deflated when compress, else stored (a PNG is deflated
 * already: compressing it again costs a pass of zlib over it for a few
 * bytes, APPNOTE.TXT 4.4.5 method 0). */
static int zip_add(void *zip, const char *name, const void *data, size_t len, int compress)
{
	char *stored[] = { "COMPRESSED=NO", NULL };
	if (CPLCreateFileInZip(zip, name, compress ? NULL : stored) != CE_None)
		return -1;
	if (CPLWriteFileInZip(zip, data, (int)len) != CE_None) {
		CPLCloseFileInZip(zip);
		return -1;
	}
	return CPLCloseFileInZip(zip) == CE_None ? 0 : -1;
}

/* Add a PNG from disk under its base name, stored. */
static int zip_add_file(void *zip, const char *path, const char *kmz_path,
			struct rf_error *err)
{
	size_t len;
	unsigned char *data = rf_out_slurp(path, &len, err);
	int rc;

	if (!data)
		return rf_error_prefix(err, "%s", kmz_path);
	rc = zip_add(zip, base_name(path), data, len, 0);
	free(data);
	if (rc)
		return rf_error_set(err, "%s: cannot add %s: %s", kmz_path, path,
				    CPLGetLastErrorMsg());
	return 0;
}

int rf_write_kmz(const char *kmz_path, const char *png_path, const char *legend_path,
		 const struct rf_grid *g, const char *name, struct rf_error *err)
{
	char *tmp, *kml;
	void *zip;
	size_t kml_len;
	int rc;

	if (legend_path && strcmp(base_name(png_path), base_name(legend_path)) == 0)
		return rf_error_set(err, "%s: map and legend PNG share the name %s", kmz_path,
				    base_name(png_path));
	kml = kml_text(base_name(png_path), legend_path ? base_name(legend_path) : NULL, g,
		       name ? name : "", &kml_len);
	if (!kml)
		return rf_error_set(err, "%s: cannot build doc.kml: %s", kmz_path, strerror(errno));
	tmp = rf_out_tmp_create(kmz_path, NULL, err);
	if (!tmp) {
		free(kml);
		return -1;
	}
	CPLErrorReset();
	zip = CPLCreateZip(tmp, NULL);
	if (!zip) {
		rf_error_set(err, "%s: cannot create zip: %s", kmz_path, CPLGetLastErrorMsg());
		free(kml);
		rf_out_abort(tmp);
		return -1;
	}
	/* doc.kml first: Google Earth reads the first .kml entry of a KMZ. */
	rc = zip_add(zip, "doc.kml", kml, kml_len, 1);
	free(kml);
	if (rc)
		rf_error_set(err, "%s: cannot add doc.kml: %s", kmz_path, CPLGetLastErrorMsg());
	if (!rc)
		rc = zip_add_file(zip, png_path, kmz_path, err);
	if (!rc && legend_path)
		rc = zip_add_file(zip, legend_path, kmz_path, err);
	if (CPLCloseZip(zip) != CE_None && !rc)
		rc = rf_error_set(err, "%s: cannot finish zip: %s", kmz_path, CPLGetLastErrorMsg());
	/* the entries carry the run's time, not GDAL 3.6's zero date (1980) */
	if (!rc)
		rc = rf_out_zip_set_time(tmp, time(NULL), err);
	if (rc) {
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, kmz_path, err);
}
