/*
 * progress.c -- the progress engine.
 *
 * A waiting rank polls for a while (cheap, and the answer usually comes
 * within microseconds), then yields its processor (another rank on the same
 * core may be the one it waits for), then sleeps in epoll until a sender
 * rings its doorbell or the run-time writes to it.  When there are more
 * ranks than cores it yields almost at once.
 */
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/err.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/comm.h"
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
 * wake_ms passes.  The condition is looked at once more after arming:
 * what a waiter watches in shared memory (collectives) has no ring, and
 * its writer rings the doorbell only if it sees us asleep. */
static void sleep_once(struct ft_engine *eng, bool (*done)(void *arg),
                       void *arg)
{
    int armed = 0;
    for (; armed < eng->ntps; armed++)
        if (eng->tps[armed]->ops->arm(eng->tps[armed]))
            goto out; /* something arrived while arming */
    if (ft_client_has_notice(&eng->client) || done(arg))
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

/* ---- what a waiting rank tells its daemon (supervision) --------------- */

static void comm_label(char *buf, size_t len, const struct ft_comm *c)
{
    if (!c)
        snprintf(buf, len, "?");
    else if (c->name[0])
        snprintf(buf, len, "%.*s", (int)len - 1, c->name);
    else
        snprintf(buf, len, "a communicator of %d", c->size);
}

static void peer_label(char *buf, size_t len, int peer)
{
    if (peer == FT_ANY_SOURCE)
        snprintf(buf, len, "MPI_ANY_SOURCE");
    else if (peer == FT_PROC_NULL)
        snprintf(buf, len, "MPI_PROC_NULL");
    else
        snprintf(buf, len, "%d", peer);
}

static void tag_label(char *buf, size_t len, int tag)
{
    if (tag == FT_ANY_TAG)
        snprintf(buf, len, "MPI_ANY_TAG");
    else
        snprintf(buf, len, "%d", tag);
}

/* Describes the call in words and finds the world rank it waits for. */
static void describe(struct ft_engine *eng, char *buf, size_t len,
                     int *world_peer)
{
    const struct ft_call *c = &eng->call;
    char cn[64], pn[32], tn[32];
    *world_peer = -2;
    const char *fn = c->fn ? c->fn : "MPI";
    if (c->req) {
        const struct ft_request *r = c->req;
        comm_label(cn, sizeof cn, r->comm);
        if (r->kind == FT_REQ_RECV || r->kind == FT_REQ_SEND) {
            bool recv = r->kind == FT_REQ_RECV;
            peer_label(pn, sizeof pn, r->peer);
            tag_label(tn, sizeof tn, r->tag);
            snprintf(buf, len, "%s(a %s %s %s, tag=%s, comm %s)", fn,
                     recv ? "receive" : "send", recv ? "from" : "to", pn, tn,
                     cn);
            if (r->comm && r->peer >= 0 && r->peer < r->comm->npeers)
                *world_peer = r->comm->peers[r->peer]->world_rank;
            else if (r->peer == FT_ANY_SOURCE)
                *world_peer = -1;
        } else if (r->kind == FT_REQ_RMA) {
            peer_label(pn, sizeof pn, r->peer);
            snprintf(buf, len, "%s(a one-sided operation on rank %s, comm %s)",
                     fn, pn, cn);
            if (r->comm && r->peer >= 0 && r->peer < r->comm->npeers)
                *world_peer = r->comm->peers[r->peer]->world_rank;
        } else {
            snprintf(buf, len, "%s(a collective operation, comm %s)", fn, cn);
        }
        return;
    }
    size_t off = (size_t)snprintf(buf, len, "%s(", fn);
    const char *sep = "";
    if (c->peer_arg && off < len) {
        peer_label(pn, sizeof pn, c->peer);
        off += (size_t)snprintf(buf + off, len - off, "%s=%s", c->peer_arg,
                                pn);
        sep = ", ";
        if (c->comm && c->peer >= 0 && c->peer < c->comm->npeers)
            *world_peer = c->comm->peers[c->peer]->world_rank;
        else if (c->peer == FT_ANY_SOURCE)
            *world_peer = -1;
    }
    if (c->tag != INT_MIN && off < len) {
        tag_label(tn, sizeof tn, c->tag);
        off += (size_t)snprintf(buf + off, len - off, "%stag=%s", sep, tn);
        sep = ", ";
    }
    if (c->comm && off < len) {
        comm_label(cn, sizeof cn, c->comm);
        off += (size_t)snprintf(buf + off, len - off, "%scomm %s", sep, cn);
    }
    if (off < len)
        snprintf(buf + off, len - off, ")");
}

static void state_begin(struct ft_rank_state *st)
{
    atomic_store_explicit(&st->seq,
                          atomic_load_explicit(&st->seq, memory_order_relaxed) +
                              1,
                          memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
}

static void state_end(struct ft_rank_state *st)
{
    atomic_store_explicit(&st->seq,
                          atomic_load_explicit(&st->seq, memory_order_relaxed) +
                              1,
                          memory_order_release);
}

/* The wait has outlasted its spinning: say where we are. */
static void publish_wait(struct ft_engine *eng, uint64_t since)
{
    struct ft_rank_ctl *ctl = ft_client_ctl(&eng->client);
    if (!ctl)
        return;
    struct ft_rank_state *st = &ctl->state;
    char what[sizeof st->what];
    int peer;
    describe(eng, what, sizeof what, &peer);
    state_begin(st);
    st->blocked = 1;
    st->wait_id = ++eng->wait_id;
    st->peer = peer;
    st->since_ns = since;
    st->sent = eng->pkts_sent;
    st->received = eng->pkts_received;
    memcpy(st->what, what, sizeof what);
    state_end(st);
}

/* Still waiting: refresh the packet counts if they moved. */
static void publish_counts(struct ft_engine *eng)
{
    struct ft_rank_ctl *ctl = ft_client_ctl(&eng->client);
    if (!ctl)
        return;
    struct ft_rank_state *st = &ctl->state;
    if (st->sent == eng->pkts_sent && st->received == eng->pkts_received)
        return;
    state_begin(st);
    st->sent = eng->pkts_sent;
    st->received = eng->pkts_received;
    state_end(st);
}

void ft_progress_publish_counts(struct ft_engine *eng)
{
    struct ft_rank_ctl *ctl = ft_client_ctl(&eng->client);
    if (!ctl)
        return;
    struct ft_rank_state *st = &ctl->state;
    state_begin(st);
    st->blocked = 0;
    st->sent = eng->pkts_sent;
    st->received = eng->pkts_received;
    state_end(st);
}

static void publish_done(struct ft_engine *eng)
{
    struct ft_rank_ctl *ctl = ft_client_ctl(&eng->client);
    if (!ctl)
        return;
    struct ft_rank_state *st = &ctl->state;
    state_begin(st);
    st->blocked = 0;
    st->sent = eng->pkts_sent;
    st->received = eng->pkts_received;
    state_end(st);
}

/* Yields before a wait is published for supervision. */
#define PUBLISH_AFTER 64

int ft_progress_wait(struct ft_engine *eng, bool (*done)(void *arg),
                     void *arg)
{
    unsigned spins = 0;
    uint64_t since = 0;
    bool published = false;
    int rc = 0;
    for (;;) {
        if (done(arg))
            break;
        if (ft_progress(eng) > 0)
            spins = 0;
        if (done(arg))
            break;
        if (!since)
            since = ft_now_ns();
        spins++;
        if (spins <= eng->spin) {
            cpu_relax();
            continue;
        }
        /* Only a wait that has given up the processor a while is
         * published: the fast path never touches the shared state, and
         * neither does a rank that shares its core with the one it waits
         * for (oversubscribed ranks yield at once, and a collective among
         * them waits a few microseconds at a time: writing the report
         * every time would cost more than the wait). */
        bool sleep = spins > eng->spin + eng->yield;
        if (!published && (sleep || spins > eng->spin + PUBLISH_AFTER)) {
            publish_wait(eng, since);
            published = true;
        }
        if (!sleep) {
            sched_yield();
        } else {
            publish_counts(eng);
            sleep_once(eng, done, arg);
            spins = 0;
        }
    }
    if (published)
        publish_done(eng);
    return rc;
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
