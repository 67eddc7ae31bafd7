/* Reading a plan region's keys (strings, paths, numbers, booleans, the
 * known-key check) with errors that name the plan file and the JSON path
 * (doc/batch.md); shared by batch_plan.c and batch_plan_predict.c. */
#include "batch_priv.h"
#include "rfplan/input.h"
#include "core/util.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *rf_plan_own(struct rf_batch_plan *p, void *ptr)
{
	p->owned = rf_xrealloc(p->owned, (p->n_owned + 1) * sizeof(void *));
	p->owned[p->n_owned++] = ptr;
	return ptr;
}

/* "regions[I].KEY" or "defaults.KEY", whichever wrote it (sub: "predict"). */
static void where(const struct rf_plan_ctx *c, const char *sub, const char *key, char *buf,
		  size_t len)
{
	json_t *r = sub ? json_object_get(c->raw, sub) : c->raw;
	if (json_object_get(r, key) || !c->defaults)
		snprintf(buf, len, "regions[%zu].%s%s%s", c->index, sub ? sub : "", sub ? "." : "",
			 key);
	else
		snprintf(buf, len, "defaults.%s%s%s", sub ? sub : "", sub ? "." : "", key);
}

int rf_plan_bad(const struct rf_plan_ctx *c, const char *sub, const char *key, const char *fmt, ...)
{
	char path[256], msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(c, sub, key, path, sizeof(path));
	return rf_error_set(c->err, "%s: %s: %s", c->plan->path, path, msg);
}

/* Values quoted in messages are cut to this many bytes (doc/batch.md): a
 * report never carries a long value, whatever the plan holds. */
#define QUOTE_MAX 40

/* Why path p (full: joined to the plan's directory) leaves the plan's tree,
 * in why; 0 when it stays inside.  A file that does not exist yet is judged
 * by its name (its region fails at run time). */
static int outside(const struct rf_plan_ctx *c, const char *p, const char *full, char *why,
		   size_t len)
{
	const char *s = p;
	char *real;
	size_t n = strlen(c->plan->root);
	if (p[0] == '/')
		return snprintf(why, len, "is an absolute path"), 1;
	while (*s) {   /* a ".." component */
		size_t k = strcspn(s, "/");
		if (k == 2 && s[0] == '.' && s[1] == '.')
			return snprintf(why, len, "leaves the plan's directory ('..')"), 1;
		s += k + (s[k] == '/');
	}
	real = realpath(full, NULL);
	if (!real) {   /* not there (yet): where its directory leads */
		char *dir = rf_xstrdup(full), *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		real = realpath(slash ? dir : ".", NULL);
		free(dir);
	}
	if (real && !(strncmp(real, c->plan->root, n) == 0 &&
		      (real[n] == '/' || (n == 1 && real[0] == '/')))) {
		free(real);
		return snprintf(why, len, "resolves outside the plan's directory (a symbolic "
				"link)"), 1;
	}
	free(real);
	return 0;
}

const char *rf_plan_path(struct rf_plan_ctx *c, const char *sub, const char *key,
			 const char *p)
{
	char why[96], *full;
	full = p[0] == '/' || !c->dir[0] ? rf_xstrdup(p) : rf_path_join(c->dir, p);
	if (!c->plan->allow_outside && c->region && !c->region->refused &&
	    outside(c, p, full, why, sizeof(why))) {
		/* the region's failure, not the plan's: the others run */
		struct rf_plan_ctx rc = *c;
		struct rf_error e;
		rc.err = &e;
		rf_plan_bad(&rc, sub, key, "'%.*s%s' %s: plan paths stay inside %s (rfplan "
			    "batch --allow-outside allows others)", QUOTE_MAX, p,
			    strlen(p) > QUOTE_MAX ? "..." : "", why, c->plan->root);
		c->region->refused = rf_plan_own(c->plan, rf_xstrdup(e.msg));
	}
	return rf_plan_own(c->plan, full);
}

/* A string member (NULL when absent); -1 when not a string. */
int rf_plan_str(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key, int is_path,
	       const char **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_string(v) || !json_string_length(v))
		return rf_plan_bad(c, sub, key, "not a non-empty string");
	*out = is_path ? rf_plan_path(c, sub, key, json_string_value(v))
		       : rf_plan_own(c->plan, rf_xstrdup(json_string_value(v)));
	return 0;
}

int rf_plan_num(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key, double min,
	       double max, double *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_number(v) || !(json_number_value(v) >= min && json_number_value(v) <= max))
		return rf_plan_bad(c, sub, key, "not a number in [%g, %g]", min, max);
	*out = json_number_value(v);
	return 0;
}

int rf_plan_int(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key, int min,
		   int max, int *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return rf_plan_bad(c, sub, key, "not an integer in [%d, %d]", min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

int rf_plan_bool(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *key, int *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return rf_plan_bad(c, sub, key, "not true or false");
	*out = json_is_true(v);
	return 0;
}

int rf_plan_known(struct rf_plan_ctx *c, json_t *o, const char *sub, const char *const *keys)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], key))
			i++;
		if (!keys[i])
			return rf_plan_bad(c, sub, key, "unknown key (did you mean '%s'? see "
					   "doc/batch.md)", rf_closest_name(key, keys));
	}
	return 0;
}
