/* rfplan viewshed: placeholder until its issue lands. */
#include "commands.h"
#include "cli.h"

int cmd_viewshed(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("viewshed", "not implemented yet");
	return 1;
}
