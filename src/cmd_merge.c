/* rfplan merge: placeholder until its issue lands. */
#include "commands.h"
#include "cli.h"

int cmd_merge(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("merge", "not implemented yet");
	return 1;
}
