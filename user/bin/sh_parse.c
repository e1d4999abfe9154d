/* SPDX-License-Identifier: MIT */
/* sh's parser: a line is jobs separated by ; or &, a job is commands
 * joined by |, a command is words and redirections. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct parser {
	struct sh_lexer lx;
	struct sh_line *l;
	struct sh_cmd *cmd; /* the command being built, or NULL */
	struct sh_job *job; /* the job being built, or NULL */
};

static const char *tok_name(enum sh_tok t)
{
	static const char *const names[] = {
	    [TOK_END] = "end of line", [TOK_PIPE] = "|", [TOK_SEMI] = ";",
	    [TOK_AMP] = "&",           [TOK_IN] = "<",   [TOK_OUT] = ">",
	    [TOK_APPEND] = ">>",       [TOK_ERR] = "2>", [TOK_ERRAPP] = "2>>",
	};
	return names[t] ? names[t] : "?";
}

static int syntax(enum sh_tok t)
{
	dprintf(STDERR_FILENO, "sh: syntax error near '%s'\n", tok_name(t));
	return -1;
}

/* Appends a word (or the NULL ending an argv) to l->words. */
static int add_word(struct parser *ps, char *w)
{
	if (ps->l->nwords == SH_MAX_WORDS) {
		dprintf(STDERR_FILENO, "sh: too many words (at most %d)\n",
		        SH_MAX_WORDS - 2);
		return -1;
	}
	ps->l->words[ps->l->nwords++] = w;
	return 0;
}

/* Opens a command (and a job, if none is open) for the next word or
 * redirection. */
static int begin_cmd(struct parser *ps)
{
	struct sh_line *l = ps->l;

	if (ps->cmd)
		return 0;
	if (l->ncmds == SH_MAX_CMDS) {
		dprintf(STDERR_FILENO, "sh: too many commands in a pipeline\n");
		return -1;
	}
	if (!ps->job) {
		ps->job = &l->jobs[l->njobs++];
		*ps->job = (struct sh_job){.first = l->ncmds};
	}
	ps->cmd = &l->cmds[l->ncmds++];
	*ps->cmd = (struct sh_cmd){.argv = &l->words[l->nwords]};
	ps->job->ncmds++;
	return 0;
}

/* Closes the open command at operator t; a command without words (none,
 * or only redirections) is a syntax error. */
static int end_cmd(struct parser *ps, enum sh_tok t)
{
	if (!ps->cmd || !ps->cmd->argc)
		return syntax(t);
	if (add_word(ps, NULL) < 0)
		return -1;
	ps->cmd = NULL;
	return 0;
}

/* A redirection operator t was read: its file name must follow. */
static int redirection(struct parser *ps, enum sh_tok t)
{
	static const int fds[] = {[TOK_IN] = 0,
	                          [TOK_OUT] = 1,
	                          [TOK_APPEND] = 1,
	                          [TOK_ERR] = 2,
	                          [TOK_ERRAPP] = 2};
	char *path;
	enum sh_tok n = sh_lex(&ps->lx, &path);

	if (n == TOK_BAD)
		return -1;
	if (n != TOK_WORD)
		return syntax(n);
	if (begin_cmd(ps) < 0)
		return -1;
	if (ps->cmd->nredir == SH_MAX_REDIRS) {
		dprintf(STDERR_FILENO, "sh: too many redirections\n");
		return -1;
	}
	int flags = t == TOK_IN ? O_RDONLY
	            : t == TOK_APPEND || t == TOK_ERRAPP
	                ? O_WRONLY | O_CREAT | O_APPEND
	                : O_WRONLY | O_CREAT | O_TRUNC;
	ps->cmd->redir[ps->cmd->nredir++] =
	    (struct sh_redir){.fd = fds[t], .flags = flags, .path = path};
	return 0;
}

/* One token; 0 to go on, 1 at the end of a job, 2 at the end of the line,
 * -1 on an error. */
static int step(struct parser *ps)
{
	char *w = NULL;
	enum sh_tok t = sh_lex(&ps->lx, &w);

	switch (t) {
	case TOK_BAD:
		return -1;
	case TOK_WORD:
		if (begin_cmd(ps) < 0 || add_word(ps, w) < 0)
			return -1;
		ps->cmd->argc++;
		return 0;
	case TOK_PIPE:
		return end_cmd(ps, t);
	case TOK_SEMI:
	case TOK_AMP:
		if (end_cmd(ps, t) < 0)
			return -1;
		ps->job->background = t == TOK_AMP;
		return 1;
	case TOK_END:
		if (!ps->job)
			return 2;
		return end_cmd(ps, t) < 0 ? -1 : 2;
	default:
		return redirection(ps, t);
	}
}

int sh_parse_job(const char **line, int status, struct sh_line *out)
{
	struct parser ps = {.lx = {.p = *line, .out = out, .status = status},
	                    .l = out};
	int r;

	out->used = 0;
	out->nwords = out->ncmds = out->njobs = 0;
	while ((r = step(&ps)) == 0)
		;
	*line = ps.lx.p;
	return r < 0 ? -1 : out->njobs;
}
