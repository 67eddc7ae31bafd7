/* The option handling every command shares (common_opts.h). */
#include "common_opts.h"

#include "rfplan/error.h"

#include <stdlib.h>
#include <string.h>

void common_cli_init(struct common_cli *c, const char **const *pos)
{
	int n = 0;
	memset(c, 0, sizeof(*c));
	while (pos && pos[n] && n < COMMON_MAX_POSITIONAL) {
		c->positional[n] = (const char **)pos[n];
		n++;
	}
	c->verbosity = 1;
	rf_cell_defaults_init(&c->defaults);
}

int common_opts_handle(struct cli_parser *p, int id, const char *val, struct common_cli *c,
		       const char *synopsis, const char *description)
{
	struct rf_error err;
	switch (id) {
	case CLI_HELP:
		cli_usage(p, synopsis, description);
		return COMMON_HELP;
	case CLI_ERROR:
		return -1;
	case CLI_POSITIONAL:
		for (int i = 0; c->positional[i]; i++)
			if (!*c->positional[i]) {
				*c->positional[i] = val;
				return 1;
			}
		cli_error(p->cmd, "unexpected argument '%s'", val);
		return -1;
	case COMMON_OPT_THREADS:
		return cli_int(p->cmd, "threads", val, 1, 1024, &c->threads) ? -1 : 1;
	case COMMON_OPT_QUIET:
		c->verbosity = 0;
		return 1;
	case COMMON_OPT_VERBOSE:
		c->verbosity = 2;
		return 1;
	case COMMON_OPT_CELLS:
		c->cells = val;
		return 1;
	case COMMON_OPT_DEFAULT_CELL:
		free(c->default_cell);
		c->default_cell = rf_xstrdup(val);
		if (rf_cell_defaults_parse(c->default_cell, &c->defaults, &err)) {
			cli_error(p->cmd, "option --default-cell: %s", err.msg);
			return -1;
		}
		return 1;
	}
	return 0;
}

void common_cli_free(struct common_cli *c)
{
	free(c->default_cell);
	c->default_cell = NULL;
}
