/* The subcommand table: main.c dispatches through it and cmd_help.c lists
 * it, so neither calls the other (main -> cmd_help -> commands.c). */
#include "commands.h"

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
	{ "neighbours", cmd_neighbours, "neighbour relations from a prediction's overlap" },
	{ "pci", cmd_pci, "allocate or audit PCIs (collision, confusion, mod 3, mod 30)" },
	{ "optimize", cmd_optimize, "search tilt, azimuth and power for the most served area" },
	{ NULL, NULL, NULL },
};

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

int (*cli_command_find(const char *name))(int argc, char **argv)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c->run;
	return NULL;
}
