/* rfplan: dispatch to the subcommands of the table in commands.c (the git.c
 * pattern); `rfplan help` (cmd_help.c) reads the same table. */
#include "cli.h"
#include "commands.h"
#include "rfplan/interrupt.h"
#include "rfplan/version.h"

#include <gdal.h>
#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	const char *name, *summary;
	fprintf(f, "usage: rfplan COMMAND [options]\n"
		   "       rfplan help COMMAND | rfplan COMMAND --help\n"
		   "       rfplan help --man [COMMAND] | --completion\n"
		   "       rfplan --version\n\ncommands:\n");
	for (int i = 0; (name = cli_command_at(i, &summary, NULL)) != NULL; i++)
		fprintf(f, "  %-10s %s\n", name, summary);
}

int main(int argc, char **argv)
{
	int (*run)(int argc, char **argv);
	struct rf_error err;
	char name[16];
	int status, sig;

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
	run = cli_command_find(argv[1]);
	if (!run) {
		fprintf(stderr, "rfplan: no such command '%s' (see 'rfplan --help')\n", argv[1]);
		return 2;
	}
	/* SIGINT, SIGTERM, SIGHUP: the command's loops stop and its failure
	 * path removes what it started (rfplan/interrupt.h) */
	if (rf_interrupt_install(&err)) {
		fprintf(stderr, "rfplan %s: %s\n", argv[1], err.msg);
		return 1;
	}
	/* GDAL's own messages are folded into ours: library calls read
	 * CPLGetLastErrorMsg() and name the file. */
	CPLSetErrorHandler(CPLQuietErrorHandler);
	GDALAllRegister();
	status = run(argc - 1, argv + 1);
	GDALDestroyDriverManager();
	sig = rf_interrupted();
	if (!sig)
		return status;
	/* the command printed why it stopped; a signal that came after its
	 * last check found the work done */
	if (status == 0)
		fprintf(stderr, "rfplan %s: interrupted (%s) as it finished: its output is "
			"complete\n", argv[1], rf_interrupt_name(sig, name));
	return rf_interrupt_status(sig);
}
