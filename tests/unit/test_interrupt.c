/* SIGINT, SIGTERM and SIGHUP as a flag (include/rfplan/interrupt.h): what
 * the handler records, the messages, the exit status (128 + the signal, as
 * POSIX shells report a process killed by it: SIGINT 2 -> 130, SIGTERM 15
 * -> 143, SIGHUP 1 -> 129), the default action restored after the first
 * signal (a second Ctrl-C kills), and an ignored signal left ignored. */
#include "check.h"
#include "rfplan/interrupt.h"

#include <signal.h>
#include <string.h>

/* The current handler of sig. */
static void (*handler_of(int sig))(int)
{
	struct sigaction sa;
	sigaction(sig, NULL, &sa);
	return sa.sa_handler;
}

int main(void)
{
	struct rf_error err;
	char buf[16];

	TEST_PLAN(4);
	TEST_BEGIN("interrupt: names and exit statuses");
	CHECK(strcmp(rf_interrupt_name(SIGINT, buf), "SIGINT") == 0);
	CHECK(strcmp(rf_interrupt_name(SIGTERM, buf), "SIGTERM") == 0);
	CHECK(strcmp(rf_interrupt_name(SIGHUP, buf), "SIGHUP") == 0);
	CHECK(rf_interrupt_status(SIGINT) == 130);
	CHECK(rf_interrupt_status(SIGTERM) == 143);
	CHECK(rf_interrupt_status(SIGHUP) == 129);
	TEST_END();

	TEST_BEGIN("interrupt: an ignored signal stays ignored; the others are caught");
	signal(SIGHUP, SIG_IGN);   /* as nohup starts a program */
	CHECK(rf_interrupt_install(&err) == 0);
	CHECK(handler_of(SIGHUP) == SIG_IGN);
	CHECK(handler_of(SIGINT) != SIG_DFL && handler_of(SIGINT) != SIG_IGN);
	CHECK(handler_of(SIGTERM) != SIG_DFL && handler_of(SIGTERM) != SIG_IGN);
	TEST_END();

	TEST_BEGIN("interrupt: no signal, no error");
	strcpy(err.msg, "untouched");
	CHECK(rf_interrupted() == 0);
	CHECK(rf_interrupt_check(&err) == 0);
	CHECK(rf_interrupt_note(&err, "out") == -1);
	CHECK(strcmp(err.msg, "untouched") == 0);
	TEST_END();

	TEST_BEGIN("interrupt: SIGTERM recorded, the messages, the default action back");
	raise(SIGTERM);   /* the handler runs before raise returns (POSIX) */
	CHECK(rf_interrupted() == SIGTERM);
	CHECK(rf_interrupt_check(&err) == -1);
	CHECK(strcmp(err.msg, "interrupted (SIGTERM)") == 0);
	rf_interrupt_note(&err, "out");
	CHECK(strcmp(err.msg, "interrupted (SIGTERM): nothing written to out (a previous "
			      "output there is unchanged)") == 0);
	/* SA_RESETHAND: a second SIGTERM would end the process */
	CHECK(handler_of(SIGTERM) == SIG_DFL);
	CHECK(handler_of(SIGINT) != SIG_DFL);
	TEST_END();
	return test_exit_status();
}
