/* SPDX-License-Identifier: MIT */
/*
 * sh: the shell's parts. sh_lex.c cuts a line into tokens (words with
 * quoting, escapes and $ expansion; operators), sh_parse.c builds jobs
 * from them, sh_run.c runs them, sh.c reads the input and holds the
 * builtins' state.
 */
#ifndef USER_BIN_SH_H
#define USER_BIN_SH_H
#include <stdbool.h>
#include <stddef.h>

#define SH_LINE_MAX   4096 /* bytes of one input line, with its NUL */
#define SH_TEXT_MAX   8192 /* bytes of all words of a line, expanded */
#define SH_MAX_WORDS  256  /* argv slots of a job, NULLs included */
#define SH_MAX_CMDS   32   /* commands of a job */
#define SH_MAX_REDIRS 4    /* redirections of a command */

enum sh_tok {
	TOK_END,
	TOK_WORD,
	TOK_PIPE,   /* | */
	TOK_SEMI,   /* ; */
	TOK_AMP,    /* & */
	TOK_IN,     /* < */
	TOK_OUT,    /* > */
	TOK_APPEND, /* >> */
	TOK_ERR,    /* 2> */
	TOK_ERRAPP, /* 2>> */
	TOK_BAD,    /* the lexer printed an error */
};

struct sh_redir {
	int fd;    /* 0, 1 or 2 */
	int flags; /* for open() */
	char *path;
};

struct sh_cmd {
	char **argv; /* NULL-terminated, in sh_line.words */
	int argc;
	struct sh_redir redir[SH_MAX_REDIRS];
	int nredir;
};

struct sh_job {
	int first, ncmds; /* cmds[first .. first+ncmds) form the pipeline */
	bool background;
};

/* One parsed job; everything points into text. */
struct sh_line {
	char text[SH_TEXT_MAX];
	size_t used;
	char *words[SH_MAX_WORDS];
	int nwords;
	struct sh_cmd cmds[SH_MAX_CMDS];
	int ncmds;
	struct sh_job jobs[1];
	int njobs;
};

struct sh_lexer {
	const char *p;       /* the rest of the line */
	struct sh_line *out; /* words go to out->text */
	int status;          /* for $? */
};

/* The next token of lx; for TOK_WORD *word is its NUL-terminated text in
 * out->text. TOK_BAD after printing "sh: ..." (unterminated quote, a
 * trailing backslash, words too long). */
enum sh_tok sh_lex(struct sh_lexer *lx, char **word);

/* Parses the next job of *line (up to and including its ; or &) into
 * *out, $? expanding to status, and advances *line past it. 1 for a job,
 * 0 when the line has no more (empty, or a comment), -1 after printing
 * "sh: ..." on stderr. Jobs are parsed one at a time so that $? sees the
 * status of the job before. */
int sh_parse_job(const char **line, int status, struct sh_line *out);

/* The shell's state the builtins change. */
struct sh_state {
	int status;       /* of the last command: $?, and sh's exit status */
	bool exiting;     /* the exit builtin ran */
	bool interactive; /* reading the console: prompts, job notices, and
	                     job control: each job in a process group of its
	                     own, the foreground one given the console (so
	                     Ctrl-C ends the job, not sh, which ignores it) */
	pid_t pgid;       /* sh's own group, given the console back */
};
extern struct sh_state sh;

/* Runs the job of l (l->jobs[0]); sets sh.status. */
void sh_run_job(const struct sh_line *l);

/* Reaps background jobs that have ended, without blocking (in
 * interactive mode with a "[pid] done" notice). */
void sh_reap_background(void);
#endif
