// SPDX-License-Identifier: GPL-2.0
#include "progress.h"
#include "arena.h"
#include "escape.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct progress {
	FILE *tty;
	int total, started;
	size_t width;
	pthread_mutex_t lock;
};

struct progress *progress_start(FILE *tty, int total)
{
	const char *term = getenv("TERM");
	struct progress *p;
	struct winsize ws;

	if (!isatty(fileno(tty)) || (term && !strcmp(term, "dumb")))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->tty = tty;
	p->total = total;
	p->width = 80;
	if (!ioctl(fileno(tty), TIOCGWINSZ, &ws) && ws.ws_col > 20)
		p->width = ws.ws_col;
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void progress_show(struct progress *p, const char *name)
{
	char *text = NULL, head[64];
	size_t len = 0, room, hl;
	FILE *f;

	if (!p)
		return;
	/* (a name is escaped: a file cannot write to the terminal) */
	f = open_memstream(&text, &len);
	if (!f)
		return;
	escape_put(f, name, strlen(name), false);
	if (fclose(f)) {
		free(text);
		return;
	}
	pthread_mutex_lock(&p->lock);
	hl = (size_t)snprintf(head, sizeof(head), "[%d/%d] ", ++p->started,
			      p->total);
	/* a line that wrapped could not be rewritten: keep the name's end */
	room = p->width - 1 > hl + 3 ? p->width - 1 - hl : 3;
	fprintf(p->tty, "\r%s", head);
	if (len > room) {
		const char *tail = text + len - (room - 3);

		while ((*tail & 0xc0) == 0x80)	/* not inside a character */
			tail++;
		fprintf(p->tty, "...%s", tail);
	} else {
		fputs(text, p->tty);
	}
	fputs("\033[K", p->tty);
	fflush(p->tty);
	pthread_mutex_unlock(&p->lock);
	free(text);
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	if (p->started) {
		fputs("\r\033[K", p->tty);
		fflush(p->tty);
	}
	pthread_mutex_destroy(&p->lock);
	free(p);
}
