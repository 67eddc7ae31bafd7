/* SIGINT, SIGTERM and SIGHUP as a flag (include/rfplan/interrupt.h). */
#include "rfplan/interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

/* The only state a signal handler can share with the program: written by
 * the handler, read by the loops (C11 7.14.1.1: a volatile sig_atomic_t is
 * the one object a handler may assign). */
static volatile sig_atomic_t received_signal;

static void on_signal(int sig)
{
	received_signal = sig;
}

int rf_interrupt_install(struct rf_error *err)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	char name[16];
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa, old;
		if (sigaction(sigs[i], NULL, &old))
			return rf_error_set(err, "cannot read the action of %s",
					    rf_interrupt_name(sigs[i], name));
		if (old.sa_handler == SIG_IGN)
			continue;   /* nohup, or a shell's background job */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART | SA_RESETHAND;
		if (sigaction(sigs[i], &sa, NULL))
			return rf_error_set(err, "cannot catch %s", rf_interrupt_name(sigs[i], name));
	}
	return 0;
}

int rf_interrupted(void)
{
	return received_signal;
}

int rf_interrupt_check(struct rf_error *err)
{
	char name[16];
	int sig = received_signal;
	if (!sig)
		return 0;
	return rf_error_set(err, "interrupted (%s)", rf_interrupt_name(sig, name));
}

int rf_interrupt_note(struct rf_error *err, const char *dest)
{
	char name[16];
	int sig = received_signal;
	if (sig)
		rf_error_set(err, "interrupted (%s): nothing written to %s (a previous output "
			     "there is unchanged)", rf_interrupt_name(sig, name), dest);
	return -1;
}

const char *rf_interrupt_name(int sig, char buf[16])
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	}
	snprintf(buf, 16, "signal %d", sig);
	return buf;
}

int rf_interrupt_status(int sig)
{
	return 128 + sig;
}
