/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool.h - run n independent jobs on a few threads.
 *
 * In: a job count, a thread count, and the work.  Out: work(thread, i,
 * ctx) has run once for every i in [0, n), on up to nthreads threads
 * (one: in the caller's thread).  Each thread gets its own state from
 * init and hands it to fini; jobs write only their own results, so the
 * output of a run does not depend on the number of threads.
 */
#ifndef ISBCHECK_POOL_H
#define ISBCHECK_POOL_H

struct pool_work {
	void *(*init)(void *ctx);		/* a thread's own state */
	void (*run)(void *thread, int i, void *ctx);
	void (*fini)(void *thread);
	void *ctx;
};

void pool_run(int n, int nthreads, const struct pool_work *w);

#endif
