/* Locating the shipped data files (include/rfplan/datadir.h). */
#include "rfplan/datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RFPLAN_DATADIR
#define RFPLAN_DATADIR "/usr/local/share/rfplan"
#endif

const char *rf_data_dir_builtin(void)
{
	return RFPLAN_DATADIR;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

static char *join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *p = rf_xmalloc(n);
	snprintf(p, n, "%s%s%s", a, b, c);
	return p;
}

/* The parent of the running program's directory ("/src" for /src/build/rfplan,
 * "/usr/local" for /usr/local/bin/rfplan), malloc'd; NULL when
 * /proc/self/exe cannot be read. */
static char *exe_parent(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	for (int up = 0; up < 2; up++) {
		slash = strrchr(buf, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
	return rf_xstrdup(*buf ? buf : "/");
}

/* Try DIR/REL: on success return it; otherwise add it to the list of
 * places tried (tried, of size cap) and return NULL. */
static char *try_dir(const char *dir, const char *rel, char *tried, size_t cap)
{
	char *p = join3(dir, "/", rel);
	size_t len = strlen(tried);
	if (is_file(p))
		return p;
	snprintf(tried + len, cap - len, "%s%s", len ? ", " : "", p);
	free(p);
	return NULL;
}

char *rf_data_find(const char *rel, struct rf_error *err)
{
	char tried[RF_ERROR_MSG_MAX / 2] = "";
	const char *env = getenv(RF_DATA_DIR_ENV);
	char *top = exe_parent(), *found = NULL;

	if (env && *env)
		found = try_dir(env, rel, tried, sizeof(tried));
	if (!found && top) {
		/* Run in place in the source tree (build/rfplan), or installed. */
		char *marker = join3(top, "/src/cli/", "main.c");
		char *dir = join3(top, "/", is_file(marker) ? "data" : "share/rfplan");
		if (strcmp(dir, RFPLAN_DATADIR) != 0)
			found = try_dir(dir, rel, tried, sizeof(tried));
		free(marker);
		free(dir);
	}
	if (!found)
		found = try_dir(RFPLAN_DATADIR, rel, tried, sizeof(tried));
	free(top);
	if (!found)
		rf_error_set(err, "%s: not found (looked for %s; set %s to rfplan's data directory)",
			     rel, tried, RF_DATA_DIR_ENV);
	return found;
}

static int is_table_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_' && *s != '-')
			return 0;
	return 1;
}

char *rf_clutter_classes_path(const char *value, struct rf_error *err)
{
	char *rel, *path;
	struct stat st;
	if (!is_table_name(value) || stat(value, &st) == 0)
		return rf_xstrdup(value);
	rel = join3("clutter/", value, ".csv");
	path = rf_data_find(rel, err);
	free(rel);
	if (!path)
		rf_error_prefix(err, "option --clutter-classes: '%s' is neither a file nor a "
				"shipped table", value);
	return path;
}
