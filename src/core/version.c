/* The version string: the only object compiled with -DRFPLAN_VERSION (the
 * Makefile reads the VERSION file), so changing VERSION rebuilds this file
 * alone. */
#include "rfplan/version.h"

#ifndef RFPLAN_VERSION
#error "RFPLAN_VERSION is not defined (the Makefile passes it from the VERSION file)"
#endif

const char *rf_version(void)
{
	return RFPLAN_VERSION;
}
