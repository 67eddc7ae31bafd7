/* Raster inputs from others (doc/import.md, "Inputs from others"): before
 * GDAL opens a DEM or clutter file, refuse what would read other files or
 * the network behind the user's back (a VRT's raw raster band over any
 * file, /vsi* network and archive sources, URLs, drivers that fetch from
 * servers), unless the user allows it (--allow-vrt-sources or
 * RFPLAN_ALLOW_VRT_SOURCES=1).  GDAL 3.6's own switch for raw bands
 * (GDAL_VRT_ENABLE_RAWRASTERBAND) is honoured only from GDAL 3.12, so the
 * VRT's XML is read here (GDAL's CPLParseXMLFile) and every source checked,
 * nested VRTs included; the config options are set as well, for the GDAL
 * versions that honour them and for what the XML check cannot see. */
#include "import_priv.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <gdal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define ALLOW_ENV "RFPLAN_ALLOW_VRT_SOURCES"
#define HOW_TO_ALLOW "allow it with --allow-vrt-sources or " ALLOW_ENV "=1"
#define MAX_VRT_DEPTH 8

/* Thread-local GDAL config options while an import's inputs are opened and
 * warped (VRT sources are opened lazily, during the warp). */
static const char *const guard_keys[RF_IMP_GUARD_KEYS] = {
	"GDAL_VRT_ENABLE_RAWRASTERBAND",     /* honoured from GDAL 3.12 */
	"GDAL_VRT_ENABLE_PYTHON",            /* Python pixel functions in a VRT */
	"CPL_VSIL_CURL_ALLOWED_EXTENSIONS",  /* /vsicurl/ and the cloud handlers:
						no file name ends so, no request */
};
static const char *const guard_values[RF_IMP_GUARD_KEYS] = {
	"NO", "NO", ".rfplan-network-refused",
};

/* Drivers that fetch from servers whatever the file's own name: a local
 * XML file can describe a WMS/WMTS/WCS service (CPLHTTPFetch, not /vsicurl/). */
static const char *const network_drivers[] = {
	"WMS", "WMTS", "WCS", "HTTP", "EEDAI", "PLMOSAIC", "DAAS", "OGCAPI", "STACTA",
	"STACIT", "NGW", "ESRIC", NULL
};

void rf_imp_guard_begin(struct rf_imp_guard *g, int allow)
{
	memset(g, 0, sizeof(*g));
	g->active = !allow;
	if (!g->active)
		return;
	for (int i = 0; i < RF_IMP_GUARD_KEYS; i++) {
		const char *old = CPLGetThreadLocalConfigOption(guard_keys[i], NULL);
		g->saved[i] = old ? rf_xstrdup(old) : NULL;
		CPLSetThreadLocalConfigOption(guard_keys[i], guard_values[i]);
	}
}

void rf_imp_guard_end(struct rf_imp_guard *g)
{
	if (!g->active)
		return;
	for (int i = 0; i < RF_IMP_GUARD_KEYS; i++) {
		CPLSetThreadLocalConfigOption(guard_keys[i], g->saved[i]);
		free(g->saved[i]);
	}
	memset(g, 0, sizeof(*g));
}

int rf_imp_allow_sources(const struct rf_import_options *o, int *allow, struct rf_error *err)
{
	const char *v = getenv(ALLOW_ENV);
	*allow = o->allow_vrt_sources;
	if (!v || !*v || *allow)
		return 0;
	if (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true")) {
		*allow = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false"))
		return 0;
	return rf_error_set(err, "%s='%.40s' is not 1 (allow) or 0", ALLOW_ENV, v);
}

int rf_imp_is_vsi(const char *path)
{
	return !strncmp(path, "/vsi", 4);
}

/* A URL or a driver's connection string ("WMS:...", "vrt://...",
 * "HDF5:..."): letters, digits, '_', '+', '.', '-' then ':' before any '/'. */
static int is_connection(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789_+.-");
	return n > 0 && s[n] == ':';
}

static int under(const char *real, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(real, dir, n) && (real[n] == '/' || (n == 1 && dir[0] == '/'));
}

struct check {
	const char *top;       /* the file given (for messages) */
	const char *option;    /* "dem", "clutter" */
	int allow;
	const char *root;      /* local sources must resolve inside it, or NULL */
	struct rf_error *err;
};

static int refuse(const struct check *k, const char *what)
{
	return rf_error_set(k->err, "%s: option --%s: %s", k->top, k->option, what);
}

static int check_file(const struct check *k, const char *path, int depth);

/* One <SourceFilename> or <SourceDataset> of the VRT at vrt_path. */
static int check_source(const struct check *k, const char *vrt_path, CPLXMLNode *n, int depth)
{
	const char *src = CPLGetXMLValue(n, NULL, "");
	const char *rel = CPLGetXMLValue(n, "relativeToVRT", "0");
	char what[PATH_MAX + 256];
	char *path;
	int rc;

	if (rf_imp_is_vsi(src) || strstr(src, "://") || is_connection(src)) {
		if (k->allow)
			return 0;
		snprintf(what, sizeof(what), "the VRT %s has a source that is not a local file "
			 "('%.80s': /vsi* network, archive or in-memory files, URLs and "
			 "connection strings are refused); %s", vrt_path, src, HOW_TO_ALLOW);
		return refuse(k, what);
	}
	if (!*src)
		return 0;   /* GDAL reports an empty source itself */
	if (src[0] != '/' && atoi(rel)) {
		path = rf_path_join(CPLGetDirname(vrt_path), src);   /* "." when none */
	} else {
		path = rf_xstrdup(src);
	}
	rc = check_file(k, path, depth + 1);
	free(path);
	return rc;
}

static int walk(const struct check *k, const char *vrt_path, CPLXMLNode *n, int depth)
{
	char what[PATH_MAX + 256];
	for (; n; n = n->psNext) {
		if (n->eType != CXT_Element)
			continue;
		if (!k->allow && !strcmp(n->pszValue, "VRTRasterBand") &&
		    !strcasecmp(CPLGetXMLValue(n, "subClass", ""), "VRTRawRasterBand")) {
			snprintf(what, sizeof(what), "the VRT %s has a raw raster band "
				 "(VRTRawRasterBand: it reads the bytes of any file); %s",
				 vrt_path, HOW_TO_ALLOW);
			return refuse(k, what);
		}
		if (!k->allow && !strcmp(n->pszValue, "PixelFunctionLanguage") &&
		    !strcasecmp(CPLGetXMLValue(n, NULL, ""), "Python")) {
			snprintf(what, sizeof(what), "the VRT %s has a Python pixel function; %s",
				 vrt_path, HOW_TO_ALLOW);
			return refuse(k, what);
		}
		if ((!strcmp(n->pszValue, "SourceFilename") || !strcmp(n->pszValue, "SourceDataset")) &&
		    check_source(k, vrt_path, n, depth))
			return -1;
		if (walk(k, vrt_path, n->psChild, depth))
			return -1;
	}
	return 0;
}

/* A local file the import (or a VRT's source) names: inside the root when
 * there is one; a regular file, not under /proc, /sys or /dev; a VRT is
 * checked source by source; a network driver refused. */
static int check_file(const struct check *k, const char *path, int depth)
{
	const char *const allowed[] = { "VRT", NULL };
	char what[2 * PATH_MAX + 256];
	char *real = realpath(path, NULL);
	struct stat sb;
	GDALDriverH drv;
	int rc = 0;

	if (depth > MAX_VRT_DEPTH) {
		snprintf(what, sizeof(what), "VRTs nested more than %d deep (at %s)",
			 MAX_VRT_DEPTH, path);
		return refuse(k, what);
	}
	if (!real) {
		if (depth == 0)
			return 0;   /* the caller reports a missing file */
		snprintf(what, sizeof(what), "a VRT source does not exist: %s", path);
		return refuse(k, what);
	}
	if (k->root && !under(real, k->root)) {
		snprintf(what, sizeof(what), "%s resolves to %s, outside %s (rfplan batch "
			 "--allow-outside allows it)", path, real, k->root);
		rc = refuse(k, what);
	} else if (!k->allow && (under(real, "/proc") || under(real, "/sys") ||
				 under(real, "/dev") || stat(real, &sb) || !S_ISREG(sb.st_mode))) {
		snprintf(what, sizeof(what), "%s%s is not a regular file (or is under /proc, "
			 "/sys or /dev); %s", depth ? "the VRT source " : "", path, HOW_TO_ALLOW);
		rc = refuse(k, what);
	}
	if (rc) {
		free(real);
		return rc;
	}
	CPLErrorReset();
	if (GDALIdentifyDriverEx(real, GDAL_OF_RASTER, allowed, NULL)) {
		CPLXMLNode *doc = CPLParseXMLFile(real);
		if (!doc) {
			snprintf(what, sizeof(what), "the VRT %s is not XML GDAL can parse", path);
			rc = refuse(k, what);
		} else {
			rc = walk(k, path, doc, depth);
			CPLDestroyXMLNode(doc);
		}
	} else if (!k->allow && (drv = GDALIdentifyDriverEx(real, GDAL_OF_RASTER, NULL, NULL))) {
		const char *name = GDALGetDriverShortName(drv);
		for (size_t i = 0; network_drivers[i]; i++)
			if (!strcmp(name, network_drivers[i])) {
				snprintf(what, sizeof(what), "%s is read by GDAL's %s driver, which "
					 "fetches from servers; %s", path, name, HOW_TO_ALLOW);
				rc = refuse(k, what);
				break;
			}
	}
	free(real);
	return rc;
}

int rf_imp_check_inside(const struct rf_imp_trust *t, const char *path, struct rf_error *err)
{
	char *real = t->root ? realpath(path, NULL) : NULL;
	int rc = 0;
	if (real && !under(real, t->root))
		rc = rf_error_set(err, "%s resolves outside %s (rfplan batch --allow-outside "
				  "allows it)", path, t->root);
	free(real);
	return rc;
}

int rf_imp_check_raster(const char *path, const char *option, int allow, const char *root,
			struct rf_error *err)
{
	struct check k = { path, option, allow, root, err };
	if (rf_imp_is_vsi(path) || strstr(path, "://")) {
		if (allow)
			return 0;
		return rf_error_set(err, "%s: option --%s: /vsi* paths (network, archives, "
				    "memory) and URLs are refused; %s", path, option,
				    HOW_TO_ALLOW);
	}
	return check_file(&k, path, 0);
}
