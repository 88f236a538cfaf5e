#include "core/engine.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/param.h"
#include "base/util.h"
#include "core/comm.h"
#include "core/pkt.h"
#include "core/pt2pt.h"
#include "transport/transport.h"

static void on_hub_failure(void *arg, uint64_t seq, int rank, uint32_t epoch)
{
    struct ft_engine *eng = arg;
    if (rank < 0 || rank >= eng->size)
        return;
    struct ft_proc *p = &eng->procs[rank];
    if (p->epoch != epoch)
        return; /* an older incarnation, already replaced */
    if (seq > eng->fail_seq)
        eng->fail_seq = seq;
    if (!ft_proc_failed(p))
        p->fail_seq = seq;
    /* What the dead process sent before it died is still in our rings:
     * deliver it first, so that it is received rather than lost. */
    if (!ft_proc_failed(p) && p->tp)
        p->tp->ops->poll(p->tp);
    ft_engine_proc_failed(eng, p);
}

static void on_peer_lost(void *arg, struct ft_proc *p)
{
    ft_engine_proc_failed(arg, p);
}

static void read_tunables(struct ft_engine *eng)
{
    eng->eager_limit = (size_t)ft_param(FT_P_EAGER_LIMIT);
    eng->pipe_chunk = (size_t)ft_param(FT_P_PIPE_CHUNK);
    eng->spin = (unsigned)ft_param(FT_P_SPIN);
    eng->yield = (unsigned)ft_param(FT_P_YIELD);
    eng->wake_ms = (int)ft_param(FT_P_WAKE_MS);
    eng->use_cma = ft_param(FT_P_SHM_CMA) != 0;
    long over = ft_param(FT_P_OVERSUB);
    eng->oversubscribed =
        over < 0 ? eng->client.local_size > ft_ncpus() : over != 0;
    /* More ranks than cores: whoever we wait for needs our processor, so
     * give it up at once (measured with bench/coll_lat at 4 and 8 ranks on
     * 2 cores: spinning even 20 polls first makes collectives 1.5 to 2
     * times slower). */
    if (eng->oversubscribed && !ft_param_is_set(FT_P_SPIN))
        eng->spin = 0;
}

/* Binds this rank to its share of the processors it may run on: with L
 * ranks on the host and C processors, local rank i gets processors
 * [i*C/L, (i+1)*C/L) of its allowed set, so threads of a hybrid program
 * still have all the cores of its share.  Without it two ranks of a pair
 * can end up on one core, where every message costs a context switch
 * (measured: an 8-byte broadcast between 2 ranks on 2 cores took 5 to 7
 * us instead of 0.17 in one run out of three).  Oversubscribed ranks are
 * left alone: sharing is the kernel's job then. */
static void bind_share(struct ft_engine *eng)
{
    const struct ft_client *cl = &eng->client;
    if (!ft_param(FT_P_BIND) || cl->singleton || cl->local_size < 2 ||
        eng->oversubscribed || cl->local_rank < 0 ||
        cl->local_rank >= cl->local_size)
        return;
    cpu_set_t allowed, mine;
    if (sched_getaffinity(0, sizeof allowed, &allowed))
        return;
    int ncpu = CPU_COUNT(&allowed);
    long lo = (long)cl->local_rank * ncpu / cl->local_size,
         hi = (long)(cl->local_rank + 1) * ncpu / cl->local_size;
    CPU_ZERO(&mine);
    for (int c = 0, k = 0; c < CPU_SETSIZE && k < hi; c++) {
        if (!CPU_ISSET(c, &allowed))
            continue;
        if (k >= lo)
            CPU_SET(c, &mine);
        k++;
    }
    if (CPU_COUNT(&mine) > 0)
        (void)sched_setaffinity(0, sizeof mine, &mine); /* advisory */
}

static int open_transports(struct ft_engine *eng, char *why, size_t whylen)
{
    const char *broken = ft_transports_check();
    if (broken) {
        snprintf(why, whylen, "transport %s is missing a required operation",
                 broken);
        return -EINVAL;
    }
    for (size_t i = 0; ft_transports[i] && eng->ntps < FT_MAX_TPS; i++) {
        struct ft_tp *tp;
        int rc = ft_transports[i]->open(&eng->client, &tp);
        if (rc == -ENODEV)
            continue;
        if (rc) {
            snprintf(why, whylen, "cannot open the %s transport: %s",
                     ft_transports[i]->name, ft_strerror(rc));
            return rc;
        }
        tp->ops = ft_transports[i];
        tp->deliver = ft_pt2pt_deliver;
        tp->peer_lost = on_peer_lost;
        tp->arg = eng;
        eng->tps[eng->ntps++] = tp;
    }
    for (int r = 0; r < eng->size; r++) {
        struct ft_proc *p = &eng->procs[r];
        for (int t = 0; t < eng->ntps && !p->tp; t++)
            if (eng->tps[t]->ops->reaches(eng->tps[t], p))
                p->tp = eng->tps[t];
        if (!p->tp) {
            snprintf(why, whylen, "no transport reaches rank %d (host %d)", r,
                     p->node);
            return -EHOSTUNREACH;
        }
    }
    return 0;
}

static int setup_epoll(struct ft_engine *eng)
{
    eng->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (eng->epfd < 0)
        return -errno;
    int fd = ft_client_fd(&eng->client);
    if (fd >= 0) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
        if (epoll_ctl(eng->epfd, EPOLL_CTL_ADD, fd, &ev))
            return -errno;
    }
    for (int t = 0; t < eng->ntps; t++) {
        if (eng->tps[t]->wake_fd < 0)
            continue;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)t};
        if (epoll_ctl(eng->epfd, EPOLL_CTL_ADD, eng->tps[t]->wake_fd, &ev))
            return -errno;
    }
    return 0;
}

int ft_engine_init(struct ft_engine *eng, char *why, size_t whylen)
{
    memset(eng, 0, sizeof *eng);
    eng->epfd = -1;
    ft_list_init(&eng->sendq_procs);
    ft_list_init(&eng->unexp_pool);
    ft_list_init(&eng->hooks);
    ft_list_init(&eng->failure_hooks);
    ft_list_init(&eng->inflight);
    ft_list_init(&eng->stash);
    ft_reqtab_init(&eng->reqs);
    for (int i = 0; i < FT_CTX_PAIRS / 64; i++)
        eng->ctx_free[i] = ~0ull;

    int rc = ft_client_init(&eng->client, why, whylen);
    if (rc)
        return rc;
    read_tunables(eng);
    bind_share(eng);
    eng->rank = eng->client.rank;
    eng->size = eng->client.size;
    eng->procs = calloc((size_t)eng->size, sizeof *eng->procs);
    if (!eng->procs) {
        snprintf(why, whylen, "out of memory");
        return -ENOMEM;
    }
    for (int r = 0; r < eng->size; r++) {
        struct ft_proc *p = &eng->procs[r];
        p->world_rank = r;
        p->node = eng->client.node_of[r];
        p->local = eng->client.local_of[r];
        ft_list_init(&p->sendq);
        ft_list_init(&p->sendq_link);
    }
    for (int r = 0; r < eng->size; r++)
        eng->procs[r].epoch = eng->client.epochs[r];
    eng->self = &eng->procs[eng->rank];
    eng->self->epoch = eng->client.epoch;
    eng->hole.world_rank = -1;
    eng->hole.hole = true;
    ft_list_init(&eng->hole.sendq);
    ft_list_init(&eng->hole.sendq_link);
    struct ft_client_events ev = {.failure = on_hub_failure};
    ft_client_set_events(&eng->client, &ev, eng);

    if ((rc = open_transports(eng, why, whylen)))
        return rc;
    if ((rc = setup_epoll(eng))) {
        snprintf(why, whylen, "epoll: %s", ft_strerror(rc));
        return rc;
    }
    return 0;
}

void ft_engine_fini(struct ft_engine *eng)
{
    /* Sends still waiting for room must leave before we do. */
    while (!ft_list_empty(&eng->sendq_procs) && !eng->client.hub_gone) {
        ft_progress(eng);
        if (!ft_list_empty(&eng->sendq_procs))
            sched_yield();
    }
    /* Our last word to supervision: every packet we sent and received. */
    ft_progress_publish_counts(eng);
    for (int t = 0; t < eng->ntps; t++)
        eng->tps[t]->ops->close(eng->tps[t]);
    eng->ntps = 0;
    for (int i = 0; i < FT_CTX_PAIRS; i++) {
        struct ft_ctx *cx = eng->ctx[i];
        if (!cx)
            continue;
        for (int s = 0; s < 2; s++) {
            struct ft_list *e;
            while ((e = ft_list_pop(&cx->mq[s].unexp))) {
                struct ft_unexp *u = ft_container_of(e, struct ft_unexp, link);
                if (u->data != u->inline_data)
                    free(u->data);
                free(u);
            }
        }
        free(cx);
        eng->ctx[i] = NULL;
    }
    struct ft_list *e;
    while ((e = ft_list_pop(&eng->stash)))
        free(e);
    while ((e = ft_list_pop(&eng->unexp_pool)))
        free(ft_container_of(e, struct ft_unexp, link));
    if (eng->epfd >= 0)
        close(eng->epfd);
    ft_reqtab_fini(&eng->reqs);
    free(eng->failed);
    eng->failed = NULL;
    free(eng->early_revoked);
    eng->early_revoked = NULL;
    free(eng->procs);
    eng->procs = NULL;
    ft_client_fini(&eng->client);
}

struct ft_ctx *ft_engine_ctx(struct ft_engine *eng, uint32_t ctx)
{
    uint32_t pair = ctx >> 1;
    if (pair >= FT_CTX_PAIRS)
        return NULL;
    struct ft_ctx *cx = eng->ctx[pair];
    if (!cx) {
        cx = calloc(1, sizeof *cx);
        if (!cx)
            return NULL;
        ft_mq_init(&cx->mq[0]);
        ft_mq_init(&cx->mq[1]);
        eng->ctx[pair] = cx;
    }
    return cx;
}

void ft_engine_proc_failed(struct ft_engine *eng, struct ft_proc *p)
{
    if (ft_proc_failed(p) || p == eng->self)
        return;
    p->state = FT_PROC_FAILED;
    if (eng->nfailed == eng->capfailed) {
        int cap = eng->capfailed ? 2 * eng->capfailed : 16;
        struct ft_proc **f = realloc(eng->failed, (size_t)cap * sizeof *f);
        if (!f)
            ft_panic("out of memory recording a failure");
        eng->failed = f;
        eng->capfailed = cap;
    }
    eng->failed[eng->nfailed++] = p;
    /* Every communicator p belongs to has one more failure to report. */
    for (int i = 0; i < FT_CTX_PAIRS; i++) {
        struct ft_ctx *cx = eng->ctx[i];
        if (cx && cx->comm && ft_comm_has(cx->comm, p))
            cx->comm->nfailed++;
    }
    ft_pt2pt_proc_failed(eng, p);
    ft_list_for_each_safe(e, &eng->failure_hooks) {
        struct ft_failure_hook *h =
            ft_container_of(e, struct ft_failure_hook, link);
        h->fn(h, p);
    }
    if (eng->on_failure)
        eng->on_failure(eng, p);
}

struct stashed {
    struct ft_list link;
    struct ft_proc *from;
    size_t len;
    _Alignas(16) unsigned char data[];
};

void ft_engine_stash(struct ft_engine *eng, struct ft_proc *p,
                     const void *data, size_t len)
{
    struct stashed *s = malloc(sizeof *s + len);
    if (!s) {
        ft_log(FT_LOG_ERROR, "out of memory: dropping a packet from rank %d",
               p->world_rank);
        return;
    }
    s->from = p;
    s->len = len;
    memcpy(s->data, data, len);
    ft_list_push(&eng->stash, &s->link);
}

/* Recounts the failed members of every communicator. */
static void recount_failures(struct ft_engine *eng)
{
    for (int i = 0; i < FT_CTX_PAIRS; i++) {
        struct ft_ctx *cx = eng->ctx[i];
        if (!cx || !cx->comm)
            continue;
        struct ft_comm *c = cx->comm;
        c->nfailed = 0;
        for (int k = 0; k < eng->nfailed; k++)
            if (ft_comm_has(c, eng->failed[k]))
                c->nfailed++;
        if (c->nacked > c->nfailed)
            c->nacked = c->nfailed;
    }
}

void ft_engine_proc_revive(struct ft_engine *eng, struct ft_proc *p,
                           uint32_t epoch)
{
    p->epoch = epoch;
    p->state = FT_PROC_ALIVE;
    p->fail_seq = 0;
    p->no_get = false; /* a new process: try single copy again */
    int w = 0;
    for (int i = 0; i < eng->nfailed; i++)
        if (eng->failed[i] != p)
            eng->failed[w++] = eng->failed[i];
    eng->nfailed = w;
    recount_failures(eng);
    /* Packets the new incarnation sent before we knew of it, in order. */
    ft_list_for_each_safe(e, &eng->stash) {
        struct stashed *s = ft_container_of(e, struct stashed, link);
        if (s->from != p)
            continue;
        const struct ft_pkt *h = (const void *)s->data;
        if (h->epoch > epoch)
            continue; /* from a still later incarnation */
        ft_list_del(e);
        if (h->epoch == epoch)
            ft_pt2pt_deliver(eng, p, s->data, s->len);
        free(s);
    }
}

void ft_failure_hook_add(struct ft_engine *eng, struct ft_failure_hook *h)
{
    ft_list_push(&eng->failure_hooks, &h->link);
}

void ft_failure_hook_del(struct ft_failure_hook *h)
{
    ft_list_del(&h->link);
}
