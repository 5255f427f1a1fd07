/* The SIGINT flag, and the word every interpreter's tick reads.
 *
 * `cajal_attention` is one int: bit 0 is Ctrl-C (SIGINT, or cajal_raise_interrupt), which is
 * the whole process's; the bits above count, two at a time, the interpreters that another
 * thread has asked to stop (cajal_request_stop on the interpreter's own flag: the grader's
 * time and output limits). The tick tests the whole word with one load, so a stop request
 * reaches its interpreter's slow path at once without any thread but its own touching that
 * interpreter's step counter; there each interpreter reads its own flag, and only the one
 * asked stops. The handler only does a lock-free atomic OR, which is async-signal-safe. */
#ifndef CAJAL_INTERRUPT_H
#define CAJAL_INTERRUPT_H

#include <signal.h>

/* Installs the handler (no SA_RESTART, so a blocking poll() returns EINTR). */
void cajal_install_sigint_handler(void);
/* Returns 1 and clears Ctrl-C if it was pressed since the last call; leaves stop requests. */
int cajal_take_interrupt(void);
/* The word; read it through cajal_attention_pending or cajal_interrupt_pending. */
extern volatile sig_atomic_t cajal_attention;
/* Nonzero if Ctrl-C is pending or some interpreter has a stop request. Inline, so the
 * interpreter's check on every loop turn and call is one load, not a call. A plain volatile
 * read of an aligned int, as a sig_atomic_t is read (the writers use atomic read-modify-write
 * operations): the compiler folds it into the compare (`cmpl $0, cajal_attention`), where an
 * __atomic_load_n was measured as one more instruction per tick (a load, then a test). */
static inline int cajal_attention_pending(void) { return cajal_attention; }
/* Returns 1 if Ctrl-C is pending, without clearing it. */
static inline int cajal_interrupt_pending(void) { return cajal_attention_pending() & 1; }
/* Sets Ctrl-C as if it had been pressed (the Jupyter kernel's interrupt_request, tests). */
void cajal_raise_interrupt(void);

/* One interpreter's stop request: `flag` is its own (0 or 1), written only through these. */
/* Sets the flag and counts it in the word; returns 1 if it was not already set. Any thread. */
int cajal_request_stop(volatile int *flag);
/* Clears the flag and uncounts it; returns 1 if it was set. Any thread. */
int cajal_withdraw_stop(volatile int *flag);
/* Returns 1 if the flag is set. */
static inline int cajal_stop_requested(volatile int *flag) { return __atomic_load_n(flag, __ATOMIC_ACQUIRE); }

#endif
