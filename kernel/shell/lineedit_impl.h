/* SPDX-License-Identifier: MIT */
/* Internals shared by lineedit.c and lineedit_hist.c. */
#ifndef KERNEL_SHELL_LINEEDIT_IMPL_H
#define KERNEL_SHELL_LINEEDIT_IMPL_H
#include "shell/lineedit.h"

void ledit_emit(struct ledit *e, const char *s, size_t n);
void ledit_puts(struct ledit *e, const char *s);
void ledit_redraw(struct ledit *e);
void ledit_insert(struct ledit *e, const char *s, size_t n);
/* Step through history: -1 older, +1 newer. */
void ledit_history_move(struct ledit *e, int dir);
/* Tab: complete the first word. */
void ledit_complete(struct ledit *e);
#endif
