/* rfplan's version, the one line of the VERSION file. */
#ifndef RFPLAN_VERSION_H
#define RFPLAN_VERSION_H

/* A static string ("0.1.0"): compiled into src/core/version.c alone, so a new
 * VERSION rebuilds one object (the Makefile passes it to that file only). */
const char *rf_version(void);

#endif
