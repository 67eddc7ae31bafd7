/* Opening a workspace made by `rfplan import` (doc/workspace.md). */
#include "rfplan/input.h"
#include "rfplan/workspace.h"
#include "core/file_digest.h"
#include "core/util.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *rf_workspace_path(const struct rf_workspace *ws, const char *name)
{
	return rf_path_join(ws->dir, name);
}

int rf_workspace_sha256(const struct rf_workspace *ws, const char *path, char hex[65],
			struct rf_error *err)
{
	return rf_file_digest(ws->digests, path, hex, err);
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* 0 when path holds a JSON object with "rfplan_workspace": 1. */
static int read_manifest(const char *path, struct rf_error *err)
{
	struct rf_error load_err;
	json_t *m = rf_input_json(path, &load_err), *v;
	int rc = 0;

	if (!m)
		return rf_error_set(err, "not a valid manifest: %s", load_err.msg);
	v = json_is_object(m) ? json_object_get(m, "rfplan_workspace") : NULL;
	if (!json_is_integer(v))
		rc = rf_error_set(err, "%s: not an rfplan workspace manifest (no rfplan_workspace)",
				  path);
	else if (json_integer_value(v) != 1)
		rc = rf_error_set(err, "%s: workspace format %lld is not supported (this rfplan "
				  "reads format 1)", path, (long long)json_integer_value(v));
	json_decref(m);
	return rc;
}

int rf_workspace_probe(const char *path)
{
	struct stat st;
	size_t n;
	char *man;
	int rc;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return -1;
	n = strlen(path) + sizeof("/manifest.json");
	man = rf_xmalloc(n);
	snprintf(man, n, "%s/manifest.json", path);
	rc = file_exists(man) && read_manifest(man, NULL) == 0 ? 1 : -1;
	free(man);
	return rc;
}

int rf_workspace_open(const char *dir, struct rf_workspace *ws, struct rf_error *err)
{
	struct stat st;
	char *p;
	int rc;

	memset(ws, 0, sizeof(*ws));
	if (stat(dir, &st) != 0 && errno == EACCES)
		return rf_error_set(err, "%s: cannot open the workspace: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return rf_error_set(err, "%s: no such workspace directory", dir);
	ws->dir = rf_xstrdup(dir);
	ws->digests = rf_file_digests_new();
	p = rf_workspace_path(ws, "manifest.json");
	/* a directory or manifest that cannot be read is "permission denied",
	 * not "not a workspace" */
	if (stat(p, &st) != 0 && errno != ENOENT)
		rc = rf_error_set(err, "%s: cannot read the workspace: %s", dir, strerror(errno));
	else if (file_exists(p) && access(p, R_OK) != 0)
		rc = rf_error_set(err, "%s: cannot read: %s", p, strerror(errno));
	else
		rc = file_exists(p) ? read_manifest(p, err)
				    : rf_error_set(err, "%s: not an rfplan workspace (no "
						   "manifest.json; make one with 'rfplan import')",
						   dir);
	free(p);
	if (rc)
		goto fail;
	p = rf_workspace_path(ws, "dem.tif");
	rc = rf_raster_grid(p, &ws->grid, err);
	free(p);
	if (rc)
		goto fail;
	p = rf_workspace_path(ws, "clutter.tif");
	ws->has_clutter = file_exists(p);
	free(p);
	if (ws->has_clutter) {
		p = rf_workspace_path(ws, "clutter_classes.csv");
		rc = rf_class_table_read(p, &ws->classes, err);
		free(p);
		if (rc)
			goto fail;
	}
	p = rf_workspace_path(ws, "sites.csv");
	rc = file_exists(p) ? rf_sites_read_normalised(p, &ws->sites, err) : 0;
	free(p);
	if (rc)
		goto fail;
	p = rf_workspace_path(ws, "cells.csv");
	ws->has_cells = file_exists(p);
	free(p);
	return 0;
fail:
	rf_workspace_close(ws);
	return -1;
}

void rf_workspace_close(struct rf_workspace *ws)
{
	if (!ws)
		return;
	if (ws->has_clutter)
		rf_class_table_free(&ws->classes);
	rf_sites_free(&ws->sites);
	rf_file_digests_free(ws->digests);
	free(ws->dir);
	memset(ws, 0, sizeof(*ws));
}
