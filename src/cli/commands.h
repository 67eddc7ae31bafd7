/* The subcommands: each lives in src/cli/cmd_NAME.c, parses its options (table in
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
int cmd_loss(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_neighbours(int argc, char **argv);
int cmd_pci(int argc, char **argv);
int cmd_optimize(int argc, char **argv);

/* rfplan help [--man|--completion|--commands] [COMMAND] (cmd_help.c): argv[0]
 * is "help". */
int cmd_help(int argc, char **argv);

/* The command table (commands.c), for main and rfplan help: the name of the i-th command
 * (0-based), with its one-line summary and entry point when those are not
 * NULL; NULL past the end. */
const char *cli_command_at(int i, const char **summary, int (**run)(int argc, char **argv));

/* The entry point of the command NAME, or NULL when there is none. */
int (*cli_command_find(const char *name))(int argc, char **argv);

#endif
