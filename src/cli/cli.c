/* Option parsing from one table per subcommand (help: cmd_help.c). */
#include "cli.h"
#include "rfplan/error.h"
#include "rfplan/log.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_init(struct cli_parser *p, const char *cmd, const struct cli_opt *opts,
	      int argc, char **argv)
{
	p->cmd = cmd;
	p->opts = opts;
	p->argc = argc;
	p->argv = argv;
	p->i = 1;
	p->only_positional = 0;
	p->help_format = CLI_HELP_TEXT;
	p->refused = NULL;
}

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[4096], *safe;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	safe = rf_log_escape(msg);   /* ids in messages: no terminal controls */
	fprintf(stderr, "rfplan %s: %s\n", cmd, safe);
	free(safe);
}

static const struct cli_opt *find_long(const struct cli_opt *opts, const char *name,
				       size_t len)
{
	for (; opts->id; opts++)
		if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char c)
{
	for (; opts->id; opts++)
		if (opts->short_name && opts->short_name == c)
			return opts;
	return NULL;
}

int cli_next(struct cli_parser *p, const char **value)
{
	const struct cli_opt *o;
	const char *a, *eq;
	*value = NULL;
	if (p->i >= p->argc)
		return CLI_END;
	a = p->argv[p->i++];
	if (p->only_positional || a[0] != '-' || a[1] == '\0') {
		*value = a;
		return CLI_POSITIONAL;
	}
	if (!strcmp(a, "--")) {
		p->only_positional = 1;
		return cli_next(p, value);
	}
	if (!strcmp(a, "-h") || !strcmp(a, "--help"))
		return CLI_HELP;
	if (!strncmp(a, "--help=", 7)) {
		if (!strcmp(a + 7, "man"))
			p->help_format = CLI_HELP_MAN;
		else if (!strcmp(a + 7, "options"))
			p->help_format = CLI_HELP_OPTIONS;
		else if (strcmp(a + 7, "text")) {
			cli_error(p->cmd, "option --help: '%s' is not text, man or options", a + 7);
			return CLI_ERROR;
		}
		return CLI_HELP;
	}
	if (a[1] == '-') {
		eq = strchr(a + 2, '=');
		o = find_long(p->opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		if (!o) {
			cli_error(p->cmd, "unknown option '%s' (see 'rfplan help %s')", a, p->cmd);
			return CLI_ERROR;
		}
		if (!o->arg) {
			if (eq) {
				cli_error(p->cmd, "option --%s takes no value", o->long_name);
				return CLI_ERROR;
			}
			return o->id;
		}
		if (eq) {
			*value = eq + 1;
			return o->id;
		}
	} else {
		o = find_short(p->opts, a[1]);
		if (!o || a[2] != '\0') {
			cli_error(p->cmd, "unknown option '%s' (see 'rfplan help %s')", a, p->cmd);
			return CLI_ERROR;
		}
		if (!o->arg)
			return o->id;
	}
	if (p->i >= p->argc) {
		cli_error(p->cmd, "option %s needs a value (%s)", a, o->arg);
		return CLI_ERROR;
	}
	*value = p->argv[p->i++];
	return o->id;
}

int cli_double(const char *cmd, const char *name, const char *value,
	       double min, double max, double *out)
{
	double v;
	if (rf_parse_double(value, &v)) {
		cli_error(cmd, "option --%s: '%s' is not a number", name, value);
		return -1;
	}
	if (v < min || v > max) {
		cli_error(cmd, "option --%s: %s is out of range [%g, %g]", name, value, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_int(const char *cmd, const char *name, const char *value,
	    long min, long max, int *out)
{
	long v;
	if (rf_parse_long(value, &v)) {
		cli_error(cmd, "option --%s: '%s' is not an integer", name, value);
		return -1;
	}
	if (v < min || v > max) {
		cli_error(cmd, "option --%s: %s is out of range [%ld, %ld]", name, value, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cli_latlon(const char *cmd, const char *name, const char *value, double *lat_deg,
	       double *lon_deg)
{
	char buf[128];
	char *comma;
	snprintf(buf, sizeof(buf), "%s", value);
	comma = strchr(buf, ',');
	if (comma)
		*comma = '\0';
	if (!comma || rf_parse_double(buf, lat_deg) || rf_parse_double(comma + 1, lon_deg)) {
		cli_error(cmd, "option --%s: '%s' is not LAT,LON", name, value);
		return -1;
	}
	if (fabs(*lat_deg) > 90.0 || fabs(*lon_deg) > 180.0) {
		cli_error(cmd, "option --%s: '%s' is outside [-90, 90], [-180, 180]", name, value);
		return -1;
	}
	return 0;
}
