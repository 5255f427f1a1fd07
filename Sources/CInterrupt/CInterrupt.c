/* The SIGINT flag and the stop requests (CInterrupt.h). The handler only touches lock-free
 * atomics and a sig_atomic_t, which is async-signal-safe. A third Ctrl-C with no safe point in
 * between (stuck in one long native call) exits 130, so a learner is never trapped. */
#include "CInterrupt.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t cajal_attention = 0;
static volatile sig_atomic_t unanswered = 0;

static void on_sigint(int sig) {
    (void)sig;
    __atomic_fetch_or(&cajal_attention, 1, __ATOMIC_SEQ_CST);
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
    int v = __atomic_fetch_and(&cajal_attention, ~1, __ATOMIC_SEQ_CST) & 1;
    unanswered = 0;
    return v;
}

void cajal_raise_interrupt(void) { __atomic_fetch_or(&cajal_attention, 1, __ATOMIC_SEQ_CST); }

int cajal_request_stop(volatile int *flag) {
    if (__atomic_exchange_n(flag, 1, __ATOMIC_SEQ_CST) != 0) return 0;
    __atomic_fetch_add(&cajal_attention, 2, __ATOMIC_SEQ_CST);
    return 1;
}

int cajal_withdraw_stop(volatile int *flag) {
    if (__atomic_exchange_n(flag, 0, __ATOMIC_SEQ_CST) == 0) return 0;
    __atomic_fetch_sub(&cajal_attention, 2, __ATOMIC_SEQ_CST);
    return 1;
}
