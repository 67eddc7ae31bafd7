/* rfplan: the subcommand table and dispatch (the git.c pattern). */
#include "cli.h"
#include "commands.h"
#include "rfplan/version.h"

#include <gdal.h>
#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "import", cmd_import, "import DEM, clutter and sites into a workspace (WGS84)" },
	{ "info", cmd_info, "print a workspace's summary" },
	{ "predict", cmd_predict, "predict LTE signal levels (RSRP, best server, SINR)" },
	{ "profile", cmd_profile, "one path, every loss term explained" },
	{ "viewshed", cmd_viewshed, "line-of-sight map of one site (like gdal_viewshed)" },
	{ "batch", cmd_batch, "import + predict many regions from a plan (CI)" },
	{ "merge", cmd_merge, "mosaic the tiles of a split prediction" },
	{ "loss", cmd_loss, "one ITU-R loss formula (P.2108 clutter, P.2109 building entry)" },
	{ "compare", cmd_compare, "compare a prediction with drive-test measurements" },
	{ "calibrate", cmd_calibrate, "fit the SPM coefficients to drive-test measurements" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: rfplan COMMAND [options]\n"
		   "       rfplan help COMMAND | rfplan COMMAND --help\n"
		   "       rfplan help --man [COMMAND] | --completion\n"
		   "       rfplan --version\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
}

const char *cli_command_at(int i, const char **summary, int (**run)(int argc, char **argv))
{
	if (i < 0 || i >= (int)(sizeof(commands) / sizeof(commands[0])) - 1)
		return NULL;
	if (summary)
		*summary = commands[i].summary;
	if (run)
		*run = commands[i].run;
	return commands[i].name;
}

static const struct command *find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int status;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("rfplan %s (GDAL %s)\n", rf_version(), GDALVersionInfo("RELEASE_NAME"));
		return 0;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		return cmd_help(argc - 1, argv + 1);
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "rfplan: no such command '%s' (see 'rfplan --help')\n", argv[1]);
		return 2;
	}
	/* GDAL's own messages are folded into ours: library calls read
	 * CPLGetLastErrorMsg() and name the file. */
	CPLSetErrorHandler(CPLQuietErrorHandler);
	GDALAllRegister();
	status = c->run(argc - 1, argv + 1);
	GDALDestroyDriverManager();
	return status;
}
