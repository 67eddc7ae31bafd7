/* Command-line option tables shared by the subcommands (CLI only, not part of
 * the library).  One table drives parsing, --help, the manual pages and the
 * bash completion, so none of them can drift from the code (the git habit).
 *
 * Usage errors print one line "rfplan CMD: ..." naming the option and exit
 * status 2 is returned by the command; runtime failures return 1. */
#ifndef RFPLAN_CLI_H
#define RFPLAN_CLI_H

#include <stdio.h>

enum { CLI_END = -1, CLI_ERROR = -2, CLI_POSITIONAL = 0, CLI_HELP = -3 };

struct cli_opt {
	int id;                /* > 0, returned by cli_next */
	const char *long_name; /* without the leading "--" */
	char short_name;       /* 0 for none */
	const char *arg;       /* argument name shown in help, NULL for a flag */
	const char *help;      /* one line; mention the default */
};

/* What --help prints (cli_usage): the help text, the command's manual page
 * (roff, for man(1)), or its option names on one line (bash completion). */
enum cli_help_format { CLI_HELP_TEXT, CLI_HELP_MAN, CLI_HELP_OPTIONS };

struct cli_parser {
	const char *cmd;            /* "import", used in messages */
	const struct cli_opt *opts; /* terminated by an entry with id 0 */
	int argc;
	char **argv;
	int i;
	int only_positional;        /* after "--" */
	enum cli_help_format help_format; /* set with CLI_HELP */
	/* NULL, or non-zero for an option of a shared table that this command
	 * parses only to refuse by name: left out of its help, manual page and
	 * completion (set after cli_init) */
	int (*refused)(int id);
};

void cli_init(struct cli_parser *p, const char *cmd, const struct cli_opt *opts,
	      int argc, char **argv);

/* Next option: returns its id with *value set to its argument (or NULL for a
 * flag); CLI_POSITIONAL with *value set for a non-option argument; CLI_HELP for
 * -h/--help (p->help_format CLI_HELP_TEXT), --help=man or --help=options;
 * CLI_END at the end; CLI_ERROR after printing a message for an unknown option
 * or a missing argument. */
int cli_next(struct cli_parser *p, const char **value);

/* On CLI_HELP: print the command's help on stdout in p->help_format, from
 * p->opts: "usage: rfplan CMD SYNOPSIS", the description and the option
 * table; or the manual page rfplan-CMD(1); or the option names
 * (src/cli/cmd_help.c). */
void cli_usage(const struct cli_parser *p, const char *synopsis, const char *description);

/* Print "rfplan CMD: MESSAGE" on stderr (for usage and runtime errors). */
void cli_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checked option values: parse value as a number in [min, max]; on failure
 * print "rfplan CMD: option --NAME: 'VALUE' is not a number (or out of range
 * [min, max])" and return -1. */
int cli_double(const char *cmd, const char *name, const char *value,
	       double min, double max, double *out);
int cli_int(const char *cmd, const char *name, const char *value,
	    long min, long max, int *out);

/* A "LAT,LON" option value in degrees (WGS84), each in range; on failure
 * print "rfplan CMD: option --NAME: ..." and return -1. */
int cli_latlon(const char *cmd, const char *name, const char *value, double *lat_deg,
	       double *lon_deg);

#endif
