/* The predict output directory, replaced atomically: everything is written
 * into a temporary directory next to it and swapped in by rename(2), so an
 * earlier output stays intact until the new one is complete and a failure
 * leaves nothing under the final name. */
#include "rfplan/engine.h"
#include "rfplan/outdir.h"
#include "util.h"

#include "mkdir_parents.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "PARENT/.BASE.TAG-PID-XXXXXX" for mkdtemp (trailing slashes of final_dir
 * ignored: "out/" is "out").  The PID lets a later run remove the leftovers
 * of a run that was killed (clean_stale). */
static char *sibling_template(const char *final_in, const char *tag)
{
	char *final_dir = rf_xstrdup(final_in);
	size_t len = strlen(final_dir);
	while (len > 1 && final_dir[len - 1] == '/')
		final_dir[--len] = '\0';
	const char *slash = strrchr(final_dir, '/');
	size_t plen = slash ? (size_t)(slash - final_dir) + 1 : 0;
	size_t n = strlen(final_dir) + strlen(tag) + 40;
	char *t = rf_xmalloc(n);
	snprintf(t, n, "%.*s.%s.%s-%ld-XXXXXX", (int)plen, final_dir, final_dir + plen, tag,
		 (long)getpid());
	free(final_dir);
	return t;
}

/* 0 empty, 1 a previous predict output, 2 other content, -1 unreadable. */
static int classify(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int any = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			any = 1;
	closedir(d);
	if (!any)
		return 0;
	/* run.json of predict, or compare.json of rfplan compare */
	static const char *const marks[][2] = { { "run.json", "\"rfplan_predict\"" },
						{ "compare.json", "\"rfplan_compare\"" } };
	for (int m = 0; m < 2; m++) {
		char *p = rf_path_join(dir, marks[m][0]);
		FILE *f = fopen(p, "r");
		free(p);
		if (!f)
			continue;
		char buf[4096];
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		if (strstr(buf, marks[m][1]))
			return 1;
	}
	return 2;
}

/* Remove ".BASE.tmp-PID-*" (and, when final_dir exists, ".BASE.old-PID-*")
 * left next to final_dir by a run that was killed (SIGINT, SIGTERM, power
 * loss): only those whose process no longer exists, so a concurrent run's
 * directory is never touched.  doc/errors.md, "Faults". */
static void clean_stale(const char *final_dir, int final_exists)
{
	rf_clean_stale_siblings(final_dir, ".", final_exists, rf_dir_remove_flat);
}

int rf_outdir_begin(const char *final_dir, int force, char **tmp_dir, struct rf_error *err)
{
	struct stat st;
	char *t;
	*tmp_dir = NULL;
	if (!final_dir[0])
		return rf_error_set(err, "empty output directory name");
	if (stat(final_dir, &st) == 0) {
		int k;
		if (!S_ISDIR(st.st_mode))
			return rf_error_set(err, "%s exists and is not a directory", final_dir);
		k = classify(final_dir);
		if (k == -1)
			return rf_error_set(err, "%s: cannot read: %s", final_dir, strerror(errno));
		if (k == 2)
			return rf_error_set(err, "%s exists and is not an rfplan predict output "
					    "(no run.json): refusing to replace it", final_dir);
		if (k == 1 && !force)
			return rf_error_set(err, "%s holds a previous prediction: use --force to "
					    "replace it", final_dir);
	}
	if (rf_mkdir_parents(final_dir, err))
		return -1;
	clean_stale(final_dir, stat(final_dir, &st) == 0);
	t = sibling_template(final_dir, "tmp");
	if (!mkdtemp(t)) {
		rf_error_set(err, "%s: cannot create a temporary directory: %s", t, strerror(errno));
		free(t);
		return -1;
	}
	*tmp_dir = t;
	return 0;
}

/* The output directory is flat (files only): rf_dir_remove_flat removes it. */
void rf_outdir_abort(const char *tmp_dir)
{
	if (tmp_dir)
		rf_dir_remove_flat(tmp_dir);
}

int rf_outdir_commit(const char *tmp_dir, const char *final_dir, struct rf_error *err)
{
	struct stat st;
	/* Move the old output aside (rename onto an empty directory made for
	 * the purpose), then swap the new one in. */
	return rf_dir_swap(tmp_dir, final_dir,
			   stat(final_dir, &st) == 0 ? sibling_template(final_dir, "old") : NULL,
			   "previous output", err);
}
