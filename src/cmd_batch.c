/* rfplan batch: placeholder until its issue lands. */
#include "commands.h"
#include "cli.h"

int cmd_batch(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("batch", "not implemented yet");
	return 1;
}
