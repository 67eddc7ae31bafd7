/* mkdir -p of an output's parent directory (mkdir_parents.h). */
#include "mkdir_parents.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int rf_mkdir_parents(const char *path, struct rf_error *err)
{
	char *p = rf_xstrdup(path);
	size_t len = strlen(p);
	int rc = 0;

	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	char *last = strrchr(p, '/');
	if (!last || last == p) {   /* "name" or "/name": the parent exists */
		free(p);
		return 0;
	}
	*last = '\0';
	for (char *s = p + 1;; s++) {
		int end = *s == '\0';
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		struct stat st;
		int e = mkdir(p, 0777) ? errno : 0;
		if (e == EEXIST)
			e = stat(p, &st) ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (e) {
			rc = rf_error_set(err, "%s: cannot create the directory %s: %s", path, p,
					  strerror(e));
			break;
		}
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}
