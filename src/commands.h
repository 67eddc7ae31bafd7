/* The subcommands: each lives in src/cmd_NAME.c, parses its options (table in
 * that file), calls the library and reports.  Return value = exit status:
 * 0 success, 1 runtime failure, 2 usage error. */
#ifndef RFPLAN_COMMANDS_H
#define RFPLAN_COMMANDS_H

int cmd_import(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_viewshed(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);

#endif
