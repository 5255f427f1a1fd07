/* The SIGINT flag. The handler only sets a sig_atomic_t; Swift polls it at safe points. */
#ifndef CAJAL_INTERRUPT_H
#define CAJAL_INTERRUPT_H

/* Installs the handler (no SA_RESTART, so a blocking poll() returns EINTR). */
void cajal_install_sigint_handler(void);
/* Returns 1 and clears the flag if Ctrl-C was pressed since the last call. */
int cajal_take_interrupt(void);
/* Returns 1 if Ctrl-C is pending, without clearing it. */
int cajal_interrupt_pending(void);
/* Sets the flag as if Ctrl-C had been pressed (for tests and time limits). */
void cajal_raise_interrupt(void);

#endif
