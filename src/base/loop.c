#include "base/loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/clock.h"

int ft_loop_init(struct ft_loop *loop)
{
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd < 0)
        return -errno;
    ft_list_init(&loop->timers);
    return 0;
}

void ft_loop_fini(struct ft_loop *loop)
{
    if (loop->epfd >= 0)
        close(loop->epfd);
    loop->epfd = -1;
}

int ft_loop_add(struct ft_loop *loop, struct ft_watch *w, int fd,
                uint32_t events, ft_watch_fn fn, void *arg)
{
    w->fd = fd;
    w->fn = fn;
    w->arg = arg;
    struct epoll_event ev = {.events = events, .data.ptr = w};
    return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int ft_loop_mod(struct ft_loop *loop, struct ft_watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};
    return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, w->fd, &ev) ? -errno : 0;
}

void ft_loop_del(struct ft_loop *loop, struct ft_watch *w)
{
    if (w->fd >= 0)
        epoll_ctl(loop->epfd, EPOLL_CTL_DEL, w->fd, NULL);
    /* Events already fetched for w in this round are skipped: see run_once. */
    w->fn = NULL;
}

void ft_timer_stop(struct ft_timer *t)
{
    if (t->armed)
        ft_list_del(&t->link);
    t->armed = 0;
}

void ft_timer_start(struct ft_loop *loop, struct ft_timer *t, uint64_t ms,
                    ft_timer_fn fn, void *arg)
{
    ft_timer_stop(t);
    t->deadline_ns = ft_now_ns() + ms * 1000000u;
    t->fn = fn;
    t->arg = arg;
    t->armed = 1;
    struct ft_list *pos = loop->timers.next;
    while (pos != &loop->timers &&
           ft_container_of(pos, struct ft_timer, link)->deadline_ns <=
               t->deadline_ns)
        pos = pos->next;
    ft_list_insert_between(&t->link, pos->prev, pos);
}

static int run_timers(struct ft_loop *loop)
{
    int n = 0;
    uint64_t now = ft_now_ns();
    while (!ft_list_empty(&loop->timers)) {
        struct ft_timer *t =
            ft_container_of(loop->timers.next, struct ft_timer, link);
        if (t->deadline_ns > now)
            break;
        ft_timer_stop(t);
        t->fn(loop, t);
        n++;
    }
    return n;
}

int ft_loop_run_once(struct ft_loop *loop, int max_ms)
{
    int timeout = max_ms;
    if (!ft_list_empty(&loop->timers)) {
        struct ft_timer *t =
            ft_container_of(loop->timers.next, struct ft_timer, link);
        uint64_t now = ft_now_ns();
        int64_t ms = t->deadline_ns > now
                         ? (int64_t)((t->deadline_ns - now + 999999) / 1000000)
                         : 0;
        if (timeout < 0 || ms < timeout)
            timeout = (int)ms;
    }
    struct epoll_event evs[64];
    int n = epoll_wait(loop->epfd, evs, 64, timeout);
    if (n < 0)
        return errno == EINTR ? 0 : -errno;
    /* A callback may delete a watch that has a later event in this batch;
     * ft_loop_del clears fn, and the watch memory must outlive the round, so
     * owners free watches only through a deferred path (see hub.c). */
    for (int i = 0; i < n; i++) {
        struct ft_watch *w = evs[i].data.ptr;
        if (w->fn)
            w->fn(loop, w, evs[i].events);
    }
    return n + run_timers(loop);
}
