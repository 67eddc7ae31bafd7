/* rfplan import: placeholder until its issue lands. */
#include "commands.h"
#include "cli.h"

int cmd_import(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("import", "not implemented yet");
	return 1;
}
