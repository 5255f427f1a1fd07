/* The SIGINT flag: async-signal-safe, so the handler only touches sig_atomic_t values.
 * A third Ctrl-C with no safe point in between (stuck in one long native call) exits 130,
 * so a learner is never trapped. */
#include "CInterrupt.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t cajal_pending_interrupt = 0;
#define pending cajal_pending_interrupt
static volatile sig_atomic_t unanswered = 0;

static void on_sigint(int sig) {
    (void)sig;
    pending = 1;
    if (++unanswered >= 3) {
        static const char msg[] = "\nthird Ctrl-C while busy: exiting\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(130);
    }
}

void cajal_install_sigint_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
}

int cajal_take_interrupt(void) {
    int v = pending;
    pending = 0;
    unanswered = 0;
    return v;
}

void cajal_raise_interrupt(void) { pending = 1; }
