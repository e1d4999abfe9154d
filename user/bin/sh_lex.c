/* SPDX-License-Identifier: MIT */
/* sh's lexer: words with '...', "..." and \ quoting and $?, $NAME
 * expansion; the operators | ; & < > >> 2> 2>>; # comments. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

/* Appends n bytes of s to the word being built; -1 when text is full. */
static int put(struct sh_lexer *lx, const char *s, size_t n)
{
	struct sh_line *o = lx->out;

	if (n >= sizeof(o->text) - o->used) {
		dprintf(STDERR_FILENO, "sh: line too long after expansion\n");
		return -1;
	}
	memcpy(o->text + o->used, s, n);
	o->used += n;
	return 0;
}

/* lx->p is just past a '$': appends $? or $NAME (nothing when unset), or
 * a literal '$' when no name follows. */
static int expand(struct sh_lexer *lx)
{
	char num[16];

	if (*lx->p == '?') {
		lx->p++;
		int n = snprintf(num, sizeof(num), "%d", lx->status);
		return put(lx, num, (size_t)n);
	}
	if (!isalpha((unsigned char)*lx->p) && *lx->p != '_')
		return put(lx, "$", 1);
	char name[64];
	size_t n = 0;
	while (isalnum((unsigned char)*lx->p) || *lx->p == '_') {
		if (n < sizeof(name) - 1)
			name[n++] = *lx->p;
		lx->p++;
	}
	name[n] = 0;
	const char *v = getenv(name);
	return v ? put(lx, v, strlen(v)) : 0;
}

/* lx->p is just past the opening quote q; copies up to the closing one.
 * In "..." a backslash escapes " \ $ and $ expands. */
static int quoted(struct sh_lexer *lx, char q)
{
	for (;;) {
		char c = *lx->p++;
		if (!c) {
			dprintf(STDERR_FILENO, "sh: unterminated %c quote\n",
			        q);
			return -1;
		}
		if (c == q)
			return 0;
		int r;
		if (q == '"' && c == '\\' && *lx->p && strchr("\"\\$", *lx->p))
			r = put(lx, lx->p++, 1);
		else if (q == '"' && c == '$')
			r = expand(lx);
		else
			r = put(lx, &c, 1);
		if (r < 0)
			return -1;
	}
}

/* Builds one word from lx->p; -1 after an error message. */
static int word(struct sh_lexer *lx)
{
	while (*lx->p && !isspace((unsigned char)*lx->p) &&
	       !strchr("|;&<>", *lx->p)) {
		char c = *lx->p++;
		int r;
		if (c == '\'' || c == '"') {
			r = quoted(lx, c);
		} else if (c == '\\') {
			if (!*lx->p) {
				dprintf(STDERR_FILENO,
				        "sh: backslash at the end of a line\n");
				return -1;
			}
			r = put(lx, lx->p++, 1);
		} else if (c == '$') {
			r = expand(lx);
		} else {
			r = put(lx, &c, 1);
		}
		if (r < 0)
			return -1;
	}
	return put(lx, "", 1);
}

/* An operator at lx->p (consumed), or TOK_WORD when there is none. */
static enum sh_tok op(struct sh_lexer *lx)
{
	const char *p = lx->p;
	enum sh_tok t = TOK_WORD;
	size_t n = 1;

	if (*p == '|')
		t = TOK_PIPE;
	else if (*p == ';')
		t = TOK_SEMI;
	else if (*p == '&')
		t = TOK_AMP;
	else if (*p == '<')
		t = TOK_IN;
	else if (*p == '>')
		t = p[1] == '>' ? (n = 2, TOK_APPEND) : TOK_OUT;
	else if (p[0] == '2' && p[1] == '>')
		t = p[2] == '>' ? (n = 3, TOK_ERRAPP) : (n = 2, TOK_ERR);
	if (t != TOK_WORD)
		lx->p += n;
	return t;
}

enum sh_tok sh_lex(struct sh_lexer *lx, char **w)
{
	while (isspace((unsigned char)*lx->p))
		lx->p++;
	if (!*lx->p || *lx->p == '#')
		return TOK_END;
	enum sh_tok t = op(lx);
	if (t != TOK_WORD)
		return t;
	*w = lx->out->text + lx->out->used;
	return word(lx) < 0 ? TOK_BAD : TOK_WORD;
}
