/* rfplan calibrate: placeholder replaced below. */
#include "commands.h"
int cmd_calibrate(int argc, char **argv)
{
	(void)argc; (void)argv;
	return 2;
}
