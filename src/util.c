/* Helpers shared across modules (util.h). */
#include "util.h"
#include "rfplan/input.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *rf_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = rf_xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *rf_file_read(const char *path, size_t *len, struct rf_error *err)
{
	return rf_input_read(path, len, err);
}

void rf_dir_remove_flat(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *p = rf_path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

int rf_dir_swap(const char *tmp_dir, const char *final_dir, char *old_template,
		const char *what, struct rf_error *err)
{
	char *old = old_template;
	if (old && (!mkdtemp(old) || rename(final_dir, old))) {
		rf_error_set(err, "%s: cannot move the %s aside: %s", final_dir, what,
			     strerror(errno));
		rmdir(old);
		free(old);
		return -1;
	}
	if (rename(tmp_dir, final_dir)) {
		rf_error_set(err, "%s: cannot rename %s into place: %s", final_dir, tmp_dir,
			     strerror(errno));
		/* put the previous content back; if even that fails it stays
		 * aside rather than being lost */
		if (old)
			rename(old, final_dir);
		free(old);
		return -1;
	}
	if (old) {
		rf_dir_remove_flat(old);
		free(old);
	}
	return 0;
}

double rf_monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void rf_utc_stamp(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void rf_clean_stale_siblings(const char *final_path, const char *prefix, int final_exists,
			     void (*remove_dir)(const char *dir))
{
	char *path = rf_xstrdup(final_path);
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *parent = rf_xstrdup(slash ? path : ".");
	if (slash)
		parent[slash - path + (slash == path)] = '\0';
	size_t plen = strlen(prefix), blen = strlen(base);
	DIR *d = opendir(parent);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		const char *n = e->d_name, *tag = n + plen + blen + 1;
		char *end;
		long pid;
		if (strncmp(n, prefix, plen) || strncmp(n + plen, base, blen) ||
		    n[plen + blen] != '.')
			continue;
		if (strncmp(tag, "tmp-", 4) && (strncmp(tag, "old-", 4) || !final_exists))
			continue;
		pid = strtol(tag + 4, &end, 10);
		if (pid <= 0 || *end != '-' || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *p = rf_path_join(parent, n);
		remove_dir(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(parent);
	free(path);
}
