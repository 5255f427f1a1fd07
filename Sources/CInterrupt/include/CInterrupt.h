/* The SIGINT flag. The handler only sets a sig_atomic_t; Swift polls it at safe points. */
#ifndef CAJAL_INTERRUPT_H
#define CAJAL_INTERRUPT_H

#include <signal.h>

/* Installs the handler (no SA_RESTART, so a blocking poll() returns EINTR). */
void cajal_install_sigint_handler(void);
/* Returns 1 and clears the flag if Ctrl-C was pressed since the last call. */
int cajal_take_interrupt(void);
/* The flag itself; read it through cajal_interrupt_pending. */
extern volatile sig_atomic_t cajal_pending_interrupt;
/* Returns 1 if Ctrl-C is pending, without clearing it. Inline, so the interpreter's check on
 * every loop turn and call is one load, not a call. */
static inline int cajal_interrupt_pending(void) { return cajal_pending_interrupt; }
/* Sets the flag as if Ctrl-C had been pressed (for tests and time limits). */
void cajal_raise_interrupt(void);

#endif
