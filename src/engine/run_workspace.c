/* The workspace a prediction's run.json names, for a reader in any working
 * directory (doc/outputs.md, run.json "workspace_relative").  predict
 * records the path as given ("workspace": relative to predict's working
 * directory, which no later reader knows), the path from the directory
 * holding run.json ("workspace_relative": the prediction and workspace
 * moved together still work) and the absolute path ("workspace_absolute":
 * the prediction moved alone).  Readers take the first that is a
 * directory, in that order, and a run.json with "workspace" alone as
 * before. */
#include "run_manifest.h"
#include "core/util.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory part of path ("." for a bare name), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;
	if (!slash)
		return rf_xstrdup(".");
	if (slash == path)
		return rf_xstrdup("/");
	d = rf_xstrdup(path);
	d[slash - path] = '\0';
	return d;
}

/* The relative path from directory `from` to `to`, both absolute and
 * canonical (realpath), malloc'd: "../" for each component of `from`
 * past their common prefix, then the rest of `to` ("." when equal). */
static char *relative_path(const char *from, const char *to)
{
	size_t i = 0, common = 0, ups = 0;
	/* the longest common prefix of whole components */
	for (;;) {
		if ((from[i] == '/' || !from[i]) && (to[i] == '/' || !to[i]))
			common = i;
		if (!from[i] || !to[i] || from[i] != to[i])
			break;
		i++;
	}
	for (const char *p = from + common; *p; p++)
		if (*p != '/' && (p == from + common || p[-1] == '/'))
			ups++;
	const char *rest = to + common;
	while (*rest == '/')
		rest++;
	char *out = rf_xmalloc(ups * 3 + strlen(rest) + 2);
	out[0] = '\0';
	for (size_t k = 0; k < ups; k++)
		strcat(out, k ? "/.." : "..");
	if (*rest && ups)
		strcat(out, "/");
	strcat(out, *rest || ups ? rest : ".");
	return out;
}

int rf_run_json_set_workspace(json_t *root, const char *run_json, const char *ws_dir,
			      struct rf_error *err)
{
	char run_abs[PATH_MAX], ws_abs[PATH_MAX];
	char *run_dir = dir_of(run_json);
	if (!realpath(ws_dir, ws_abs)) {
		rf_error_set(err, "%s: cannot resolve the workspace path: %s", ws_dir,
			     strerror(errno));
		free(run_dir);
		return -1;
	}
	if (!realpath(run_dir, run_abs)) {
		rf_error_set(err, "%s: cannot resolve the output path: %s", run_dir,
			     strerror(errno));
		free(run_dir);
		return -1;
	}
	free(run_dir);
	char *rel = relative_path(run_abs, ws_abs);
	json_object_set_new(root, "workspace_relative", json_string(rel));
	json_object_set_new(root, "workspace_absolute", json_string(ws_abs));
	free(rel);
	return 0;
}

char *rf_run_workspace_dir(const char *run_json, const json_t *root)
{
	const char *rel = json_string_value(json_object_get(root, "workspace_relative"));
	const char *abs = json_string_value(json_object_get(root, "workspace_absolute"));
	const char *given = json_string_value(json_object_get(root, "workspace"));
	if (rel) {
		char *d = dir_of(run_json), *p = rel[0] == '/' ? rf_xstrdup(rel)
							       : rf_path_join(d, rel);
		free(d);
		if (is_dir(p))
			return p;
		free(p);
	}
	if (abs && is_dir(abs))
		return rf_xstrdup(abs);
	if (given)   /* as given to predict: relative to its working directory */
		return rf_xstrdup(given);
	return abs ? rf_xstrdup(abs) : NULL;
}

char *rf_run_input_path(const char *run_json, const json_t *root, const char *path)
{
	const char *given = json_string_value(json_object_get(root, "workspace"));
	size_t n = given ? strlen(given) : 0;
	/* a file of a relative workspace (its cells.csv): below the workspace
	 * the reader resolves */
	if (path[0] != '/' && n && !strncmp(path, given, n) && path[n] == '/') {
		char *ws = rf_run_workspace_dir(run_json, root);
		char *out = ws ? rf_path_join(ws, path + n + 1) : NULL;
		free(ws);
		if (out)
			return out;
	}
	return rf_xstrdup(path);
}
