/* rfplan help, and every form of a command's help: the --help text, the
 * manual pages rfplan(1) and rfplan-COMMAND(1) (roff for man(1)) and the bash
 * completion script.  All are printed from the commands' option tables
 * (cli.h) and main.c's command table, so they cannot disagree with the
 * parser or with each other.  `make man` and `make install` run
 * `rfplan help --man` and `rfplan help --completion` (doc/install.md). */
#include "cli.h"
#include "commands.h"
#include "rfplan/version.h"
#include "rfplan/datadir.h"

#include <stdio.h>
#include <string.h>

#define CMD "help"

enum { H_MAN = 1, H_COMPLETION, H_COMMANDS };

static const struct cli_opt opts[] = {
	{ H_MAN, "man", 0, NULL, "print the manual page (roff): rfplan(1), or rfplan-COMMAND(1) with a COMMAND" },
	{ H_COMPLETION, "completion", 0, NULL, "print the bash completion script (commands, each command's options)" },
	{ H_COMMANDS, "commands", 0, NULL, "print the command names, one a line" },
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] = "[--man] [COMMAND] | --completion | --commands";
static const char description[] =
	"Show a command's help (the same as 'rfplan COMMAND --help'), its manual\n"
	"page, or the bash completion script.  'rfplan COMMAND --help=man' prints\n"
	"the manual page too; '--help=options' its option names.";

static const char help_help[] =
	"show this help (FORMAT man: the manual page; options: the option names)";

/* Text: roff-escaped (backslash, minus signs, a leading '.' or '\''); a
 * comma inside a word (a K=V,K=V list) may break the line there (\:), so
 * troff never has to overrun the line ("can't break line"). */
static void roff(const char *s)
{
	int bol = 1;
	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		bol = *s == '\n';
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
		if (*s == ',' && s[1] && s[1] != ' ' && s[1] != '\n')
			fputs("\\:", stdout);
	}
}

static const char *summary_of(const char *cmd)
{
	const char *name, *summary;
	for (int i = 0; (name = cli_command_at(i, &summary, NULL)) != NULL; i++)
		if (!strcmp(name, cmd))
			return summary;
	return !strcmp(cmd, CMD) ? "help, manual pages and bash completion" : "";
}

static void man_header(const char *page, const char *what)
{
	printf(".TH ");
	for (const char *c = page; *c; c++)
		printf(*c == '-' ? "\\-" : "%c", *c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	/* No hyphenation, ragged right: option names must not be split. */
	printf(" 1 \"\" \"rfplan %s\" \"rfplan manual\"\n.nh\n.ad l\n.SH NAME\n",
	       rf_version());
	roff(page);
	printf(" \\- ");
	roff(what);
	printf("\n");
}

/* One .TP entry per option, then -h/--help. */
static void man_options(const struct cli_parser *p)
{
	printf(".SH OPTIONS\n");
	for (const struct cli_opt *o = p->opts; o->id; o++) {
		if (p->refused && p->refused(o->id))
			continue;
		printf(".TP\n");
		if (o->short_name)
			printf("\\fB\\-%c\\fR, ", o->short_name);
		printf("\\fB\\-\\-");
		roff(o->long_name);
		printf("\\fR");
		if (o->arg) {
			printf(" \\fI");
			roff(o->arg);
			printf("\\fR");
		}
		printf("\n");
		roff(o->help);
		printf("\n");
	}
	printf(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR[=\\fIFORMAT\\fR]\n");
	roff(help_help);
	printf("\n");
}

static void usage_man(const struct cli_parser *p, const char *syn, const char *desc)
{
	char page[64];
	snprintf(page, sizeof(page), "rfplan-%s", p->cmd);
	man_header(page, summary_of(p->cmd));
	printf(".SH SYNOPSIS\n.B rfplan %s\n", p->cmd);
	roff(syn);
	printf("\n.SH DESCRIPTION\n");
	roff(desc);
	printf("\n");
	man_options(p);
	printf(".SH SEE ALSO\n\\fBrfplan\\fR(1)\n");
}

static void usage_text(const struct cli_parser *p, const char *syn, const char *desc)
{
	printf("usage: rfplan %s %s\n\n%s\n\noptions:\n", p->cmd, syn, desc);
	for (const struct cli_opt *o = p->opts; o->id; o++) {
		char left[96];
		if (p->refused && p->refused(o->id))
			continue;
		int n = 0;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, ", o->short_name);
		snprintf(left + n, sizeof(left) - (size_t)n, "--%s%s%s", o->long_name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		printf("  %-30s %s\n", left, o->help);
	}
	printf("  %-30s %s\n", "-h, --help", "show this help");
}

/* The option words a shell completes, space-separated, without a newline
 * (the completion script quotes them). */
static void usage_options(const struct cli_parser *p)
{
	for (const struct cli_opt *o = p->opts; o->id; o++) {
		if (p->refused && p->refused(o->id))
			continue;
		printf("--%s ", o->long_name);
		if (o->short_name)
			printf("-%c ", o->short_name);
	}
	printf("--help -h");
}

void cli_usage(const struct cli_parser *p, const char *synopsis_, const char *description_)
{
	switch (p->help_format) {
	case CLI_HELP_MAN: usage_man(p, synopsis_, description_); break;
	case CLI_HELP_OPTIONS: usage_options(p); break;
	default: usage_text(p, synopsis_, description_); break;
	}
}

/* rfplan(1): the commands, the data files, the environment. */
static void man_main(void)
{
	const char *name, *summary;
	man_header("rfplan", "open LTE coverage planning on the command line");
	printf(".SH SYNOPSIS\n.B rfplan\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n"
	       ".B rfplan help\n[\\fB\\-\\-man\\fR] [\\fICOMMAND\\fR] | \\fB\\-\\-completion\\fR"
	       " | \\fB\\-\\-commands\\fR\n.br\n.B rfplan \\-\\-version\n"
	       ".SH DESCRIPTION\n"
	       "rfplan imports terrain, clutter and sites into a workspace and predicts LTE\n"
	       "coverage (RSRP, best server, SINR, RSRQ, overlap) as GeoTIFFs with QGIS\n"
	       "styles, a PNG/KMZ map and statistics.  Each command has its own page.\n"
	       ".SH COMMANDS\n");
	for (int i = 0; (name = cli_command_at(i, &summary, NULL)) != NULL; i++) {
		printf(".TP\n.B %s\n", name);
		roff(summary);
		printf(" (\\fBrfplan\\-%s\\fR(1))\n", name);
	}
	printf(".TP\n.B help\n");
	roff(summary_of(CMD));
	printf(" (\\fBrfplan\\-help\\fR(1))\n");
	printf(".SH OPTIONS\n.TP\n\\fB\\-\\-version\\fR\nprint rfplan's and GDAL's versions\n"
	       ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nlist the commands\n");
	printf(".SH ENVIRONMENT\n.TP\n.B %s\n", RF_DATA_DIR_ENV);
	printf("a directory searched first for rfplan's data files (the clutter class\n"
	       "tables and model files shipped in \\fIdata/\\fR).\n");
	printf(".TP\n.B RFPLAN_PROGRESS_INTERVAL_S\n"
	       "when standard error is not a terminal (a log file), the seconds between two\n"
	       "progress lines (percentage done and ETA) of a long step; default 10, 0 for a\n"
	       "line at each new percentage.\n");
	printf(".SH EXIT STATUS\n0 when every output was written; 1 for a runtime error (a bad\n"
	       "file, a fault, a limit); 2 for a usage error; 128 + the signal when stopped\n"
	       "by SIGINT (130), SIGTERM (143) or SIGHUP (129): the command stops cleanly,\n"
	       "removes its temporaries and its output lock, and leaves any previous output\n"
	       "as it was; a second signal ends it at once.\n");
	printf(".SH FILES\nrfplan looks for a data file in \\fB$%s\\fR, then beside the\n"
	       "program: in the source tree's \\fIdata/\\fR when run from its build\n"
	       "directory, otherwise in \\fI../share/rfplan\\fR from the program's directory\n"
	       "(an install, also when moved elsewhere), then in\n.IR ", RF_DATA_DIR_ENV);
	roff(rf_data_dir_builtin());
	printf(" .\n.TP\n.IR ");
	roff(rf_data_dir_builtin());
	printf("/clutter/*.csv\nclutter class tables, given to \\fBrfplan import \\-\\-clutter\\-classes\\fR"
	       " by name\n(e.g. \\fBgeneric\\fR, \\fBesa_worldcover\\fR).\n.SH SEE ALSO\n");
	for (int i = 0; (name = cli_command_at(i, NULL, NULL)) != NULL; i++)
		printf("\\fBrfplan\\-%s\\fR(1), ", name);
	printf("\\fBrfplan\\-help\\fR(1), \\fBgdalinfo\\fR(1)\n");
}

static int help_of(const char *name, int (*run)(int argc, char **argv), const char *flag)
{
	char *argv[3] = { (char *)name, (char *)flag, NULL };
	int status;
	fflush(stdout);
	status = run(2, argv);
	fflush(stdout);
	return status;
}

/* The bash completion script: commands first, then each command's options;
 * other words complete as file names (complete -o default). */
static int completion(void)
{
	const char *name;
	int (*run)(int argc, char **argv);
	printf("# bash completion for rfplan, generated by 'rfplan help --completion'\n"
	       "# from rfplan %s's option tables.\n"
	       "_rfplan()\n{\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} words\n"
	       "\tCOMPREPLY=()\n"
	       "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	       "\t\twords=\"", rf_version());
	for (int i = 0; (name = cli_command_at(i, NULL, NULL)) != NULL; i++)
		printf("%s ", name);
	printf("help --help --version\"\n"
	       "\telse\n"
	       "\t\tcase ${COMP_WORDS[1]} in\n");
	for (int i = 0; (name = cli_command_at(i, NULL, &run)) != NULL; i++) {
		printf("\t\t%s) words=\"", name);
		if (help_of(name, run, "--help=options"))
			return 1;
		printf("\" ;;\n");
	}
	printf("\t\thelp) words=\"");
	for (int i = 0; (name = cli_command_at(i, NULL, NULL)) != NULL; i++)
		printf("%s ", name);
	fflush(stdout);
	if (help_of(CMD, cmd_help, "--help=options"))
		return 1;
	printf("\" ;;\n"
	       "\t\t*) return 0 ;;\n"
	       "\t\tesac\n"
	       "\t\t# Only words that start with '-' complete as options.\n"
	       "\t\tcase $cur in -*) ;; *) [ \"${COMP_WORDS[1]}\" = help ] || return 0 ;; esac\n"
	       "\tfi\n"
	       "\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	       "}\n"
	       "complete -o default -F _rfplan rfplan\n");
	return 0;
}

int cmd_help(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *topic = NULL;
	const char *name;
	int (*run)(int argc, char **argv) = NULL;
	int id, man = 0, what = 0;

	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		switch (id) {
		case CLI_HELP:
			cli_usage(&p, synopsis, description);
			return 0;
		case CLI_ERROR:
			return 2;
		case CLI_POSITIONAL:
			if (topic) {
				cli_error(CMD, "unexpected argument '%s'", val);
				return 2;
			}
			topic = val;
			break;
		case H_MAN: man = 1; break;
		default: what = id; break;
		}
	}
	if (what && (man || topic)) {
		cli_error(CMD, "options --completion and --commands take no COMMAND or --man");
		return 2;
	}
	if (what == H_COMPLETION)
		return completion();
	if (what == H_COMMANDS) {
		for (int i = 0; (name = cli_command_at(i, NULL, NULL)) != NULL; i++)
			printf("%s\n", name);
		return 0;
	}
	if (!topic) {
		if (!man) {
			cli_error(CMD, "missing COMMAND (see 'rfplan --help')");
			return 2;
		}
		man_main();
		return 0;
	}
	if (!strcmp(topic, CMD))
		return help_of(CMD, cmd_help, man ? "--help=man" : "--help");
	for (int i = 0; (name = cli_command_at(i, NULL, &run)) != NULL; i++)
		if (!strcmp(name, topic))
			return help_of(name, run, man ? "--help=man" : "--help");
	fprintf(stderr, "rfplan: no such command '%s'\n", topic);
	return 2;
}
