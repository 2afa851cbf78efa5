// SPDX-License-Identifier: GPL-2.0
#include "pool.h"
#include "arena.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#define POOL_STACK ((size_t)16 << 20)

struct pool {
	const struct pool_work *w;
	int n, next;
	pthread_mutex_t lock;
	bool locked;		/* several threads share next */
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	void *thread = p->w->init ? p->w->init(p->w->ctx) : NULL;

	for (;;) {
		int i;

		if (p->locked)
			pthread_mutex_lock(&p->lock);
		i = p->next++;
		if (p->locked)
			pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			break;
		p->w->run(thread, i, p->w->ctx);
	}
	if (p->w->fini)
		p->w->fini(thread);
	return NULL;
}

void pool_run(int n, int nthreads, const struct pool_work *w)
{
	struct pool p = { .w = w, .n = n };
	pthread_attr_t attr;
	pthread_t *t;
	int i, started = 0;

	if (nthreads > n)
		nthreads = n;
	if (nthreads <= 1) {
		worker(&p);
		return;
	}
	pthread_mutex_init(&p.lock, NULL);
	p.locked = true;
	t = xcalloc((size_t)nthreads, sizeof(*t));
	/* libclang parses on these threads: as deep a stack as its own */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, POOL_STACK);
	for (i = 0; i < nthreads; i++)
		if (!pthread_create(&t[i], &attr, worker, &p))
			started++;
		else
			break;
	pthread_attr_destroy(&attr);
	if (!started)
		worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
	pthread_mutex_destroy(&p.lock);
}
