/*
 * progress.c -- the progress engine.
 *
 * A waiting rank polls for a while (cheap, and the answer usually comes
 * within microseconds), then yields its processor (another rank on the same
 * core may be the one it waits for), then sleeps in epoll until a sender
 * rings its doorbell or the run-time writes to it.  When there are more
 * ranks than cores it yields almost at once.
 */
#include <sched.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "core/engine.h"
#include "core/pt2pt.h"
#include "transport/transport.h"

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static _Noreturn void hub_gone(struct ft_engine *eng)
{
    ft_log(FT_LOG_ERROR, "rank %d: the launcher is gone; exiting", eng->rank);
    _exit(1);
}

static void poll_client(struct ft_engine *eng)
{
    if (ft_client_poll(&eng->client) == -FT_EHUBGONE)
        hub_gone(eng);
}

int ft_progress(struct ft_engine *eng)
{
    int n = 0;
    for (int t = 0; t < eng->ntps; t++)
        n += eng->tps[t]->ops->poll(eng->tps[t]);
    if (ft_client_has_notice(&eng->client))
        poll_client(eng);
    if (!ft_list_empty(&eng->sendq_procs))
        n += ft_pt2pt_retry(eng);
    ft_list_for_each_safe(e, &eng->hooks) {
        struct ft_hook *h = ft_container_of(e, struct ft_hook, link);
        n += h->fn(h);
    }
    return n;
}

/* Sleeps until a transport or the run-time has something for us, or
 * wake_ms passes. */
static void sleep_once(struct ft_engine *eng)
{
    int armed = 0;
    for (; armed < eng->ntps; armed++)
        if (eng->tps[armed]->ops->arm(eng->tps[armed]))
            goto out; /* something arrived while arming */
    if (ft_client_has_notice(&eng->client))
        goto out;
    struct epoll_event ev[8];
    int n = epoll_wait(eng->epfd, ev, 8, eng->wake_ms);
    for (int i = 0; i < n; i++)
        if (ev[i].data.u32 == UINT32_MAX)
            poll_client(eng); /* also notices the launcher's end */
out:
    for (int t = 0; t < armed; t++)
        eng->tps[t]->ops->disarm(eng->tps[t]);
}

int ft_progress_wait(struct ft_engine *eng, bool (*done)(void *arg),
                     void *arg)
{
    unsigned spins = 0;
    for (;;) {
        if (done(arg))
            return 0;
        if (ft_progress(eng) > 0)
            spins = 0;
        if (done(arg))
            return 0;
        spins++;
        if (spins <= eng->spin) {
            cpu_relax();
        } else if (spins <= eng->spin + eng->yield) {
            sched_yield();
        } else {
            sleep_once(eng);
            spins = 0;
        }
    }
}

static bool req_done(void *arg)
{
    return ((struct ft_request *)arg)->complete;
}

int ft_progress_wait_req(struct ft_engine *eng, struct ft_request *req)
{
    return ft_progress_wait(eng, req_done, req);
}

void ft_hook_add(struct ft_engine *eng, struct ft_hook *h)
{
    ft_list_push(&eng->hooks, &h->link);
}

void ft_hook_del(struct ft_hook *h)
{
    ft_list_del(&h->link);
}
