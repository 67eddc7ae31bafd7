/* The check before a file from others is read (see rfplan/input.h): opened
 * with O_NONBLOCK so that a FIFO does not block the open, then fstat(2) on
 * the descriptor (no window between the check and the read), then read
 * with the size cap, then the line-length scan. */
#include "rfplan/input.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB 1048576.0

static int env_limit(const char *name, double scale, double dflt, size_t *out,
		     struct rf_error *err)
{
	const char *env = getenv(name);
	double v = dflt;
	if (env && *env && (rf_parse_double(env, &v) != 0 || v < 1 || v > 1e15 / scale ||
			    v != (double)(long long)v))
		return rf_error_set(err, "%s='%s' is not a positive whole number", name, env);
	*out = (size_t)(v * scale);
	return 0;
}

int rf_input_limits_get(struct rf_input_limits *out, struct rf_error *err)
{
	if (env_limit("RFPLAN_MAX_INPUT_MB", MIB, RF_INPUT_MAX_MB_DEFAULT, &out->max_bytes, err) ||
	    env_limit("RFPLAN_MAX_LINE_BYTES", 1, RF_INPUT_MAX_LINE_BYTES_DEFAULT,
		      &out->max_line_bytes, err))
		return -1;
	return 0;
}

static const char *kind_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a file";
}

static int check_mode(const char *path, mode_t m, struct rf_error *err)
{
	if (S_ISREG(m))
		return 0;
	return rf_error_set(err, "%s: not a regular file (%s); rfplan reads regular files only",
			    path, kind_name(m));
}

int rf_input_check(const char *path, struct rf_error *err)
{
	struct stat st;
	if (!strncmp(path, "/vsi", 4) || stat(path, &st) != 0)
		return 0;
	return check_mode(path, st.st_mode, err);
}

/* A descriptor on a regular file within the size limit, or -1. */
static int open_checked(const char *path, const struct rf_input_limits *lim,
			struct rf_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rf_error_set(err, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		rf_error_set(err, "%s: cannot stat: %s", path, strerror(errno));
	} else if (check_mode(path, st.st_mode, err) == 0) {
		if ((unsigned long long)st.st_size <= lim->max_bytes)
			return fd;
		rf_error_set(err, "%s: %lld bytes, more than the limit of %.0f MiB "
			     "(RFPLAN_MAX_INPUT_MB)", path, (long long)st.st_size,
			     (double)lim->max_bytes / MIB);
	}
	close(fd);
	return -1;
}

/* Lines end with LF, CRLF or a lone CR, as the CSV reader counts them. */
static int check_lines(const char *path, const char *buf, size_t len, size_t max_line,
		       struct rf_error *err)
{
	long line = 1;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\r')
			continue;
		if (i - start > max_line)
			return rf_error_set(err, "%s:%ld: line of %zu bytes, longer than the limit "
					    "of %zu (RFPLAN_MAX_LINE_BYTES)", path, line,
					    i - start, max_line);
		if (i + 1 < len && buf[i] == '\r' && buf[i + 1] == '\n')
			i++;
		start = i + 1;
		line++;
	}
	return 0;
}

/* Read fd to its end (at most max_bytes), or -1 with err. */
static int read_fd(const char *path, int fd, size_t max_bytes, char **buf_out, size_t *n_out,
		   struct rf_error *err)
{
	size_t n = 0, cap = 65536;
	char *buf = rf_xmalloc(cap);
	for (;;) {
		ssize_t got;
		if (cap - n < 2)
			buf = rf_xrealloc(buf, cap *= 2);
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0)
			break;
		if (got < 0 || (n += (size_t)got) > max_bytes) {
			if (got < 0)
				rf_error_set(err, "%s: read error: %s", path, strerror(errno));
			else   /* the file grew after the check */
				rf_error_set(err, "%s: more than the limit of %.0f MiB "
					     "(RFPLAN_MAX_INPUT_MB)", path, (double)max_bytes / MIB);
			free(buf);
			return -1;
		}
	}
	buf[n] = '\0';
	*buf_out = buf;
	*n_out = n;
	return 0;
}

char *rf_input_read(const char *path, size_t *len, struct rf_error *err)
{
	struct rf_input_limits lim;
	char *buf = NULL;
	size_t n = 0;
	int fd, rc;
	if (rf_input_limits_get(&lim, err) || (fd = open_checked(path, &lim, err)) < 0)
		return NULL;
	rc = read_fd(path, fd, lim.max_bytes, &buf, &n, err);
	close(fd);
	if (rc == 0 && check_lines(path, buf, n, lim.max_line_bytes, err) != 0) {
		free(buf);
		rc = -1;
	}
	if (rc != 0)
		return NULL;
	if (len)
		*len = n;
	return buf;
}

FILE *rf_input_fopen(const char *path, struct rf_error *err)
{
	struct rf_input_limits lim;
	FILE *f;
	int fd;
	if (rf_input_limits_get(&lim, err) || (fd = open_checked(path, &lim, err)) < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f) {
		rf_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

json_t *rf_input_json(const char *path, struct rf_error *err)
{
	json_error_t je;
	size_t len = 0;
	char *text = rf_input_read(path, &len, err);
	json_t *root;
	if (!text)
		return NULL;
	root = json_loadb(text, len, 0, &je);
	free(text);
	if (!root && je.line < 1)
		rf_error_set(err, "%s: %s", path, je.text);
	else if (!root)
		rf_error_set(err, "%s:%d:%d: %s", path, je.line, je.column, je.text);
	return root;
}

/* Edit distance with one row of the dynamic-programming table (Wagner and
 * Fischer 1974): d[j] = distance between a[0..i) and b[0..j). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t nb = strlen(b), *d = rf_xmalloc((nb + 1) * sizeof(*d)), r;
	for (size_t j = 0; j <= nb; j++)
		d[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = d[0];
		d[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = d[j];
			size_t sub = diag + (tolower((unsigned char)a[i - 1]) !=
					     tolower((unsigned char)b[j - 1]));
			size_t best = up + 1 < d[j - 1] + 1 ? up + 1 : d[j - 1] + 1;
			d[j] = sub < best ? sub : best;
			diag = up;
		}
	}
	r = d[nb];
	free(d);
	return r;
}

const char *rf_closest_name(const char *name, const char *const *names)
{
	const char *best = names[0];
	size_t best_d = (size_t)-1;
	for (size_t k = 0; names[k]; k++) {
		size_t d = edit_distance(name, names[k]);
		if (d < best_d) {
			best_d = d;
			best = names[k];
		}
	}
	return best;
}
