/*
 * loop.h -- a small epoll event loop with timers, for the launcher, the host
 * daemon and the task farm.  (Ranks do not use it: their progress engine
 * sleeps in its own epoll.)
 *
 * Watches and timers are owned by the caller and must stay alive while
 * registered.  Callbacks run from ft_loop_run_once, never re-entrantly.
 */
#ifndef FT_BASE_LOOP_H
#define FT_BASE_LOOP_H

#include <stdint.h>
#include <sys/epoll.h>

#include "base/list.h"

struct ft_loop;
struct ft_watch;
struct ft_timer;

typedef void (*ft_watch_fn)(struct ft_loop *loop, struct ft_watch *w,
                            uint32_t events);
typedef void (*ft_timer_fn)(struct ft_loop *loop, struct ft_timer *t);

struct ft_watch {
    int fd;
    ft_watch_fn fn;
    void *arg;
};

struct ft_timer {
    uint64_t deadline_ns; /* monotonic */
    ft_timer_fn fn;
    void *arg;
    struct ft_list link;
    int armed;
};

struct ft_loop {
    int epfd;
    struct ft_list timers; /* sorted by deadline */
};

int ft_loop_init(struct ft_loop *loop);
void ft_loop_fini(struct ft_loop *loop);

/* Starts watching fd for events (EPOLLIN, EPOLLOUT...). */
int ft_loop_add(struct ft_loop *loop, struct ft_watch *w, int fd,
                uint32_t events, ft_watch_fn fn, void *arg);
int ft_loop_mod(struct ft_loop *loop, struct ft_watch *w, uint32_t events);
/* Stops watching; safe to call from inside any callback. */
void ft_loop_del(struct ft_loop *loop, struct ft_watch *w);

/* Arms (or re-arms) t to fire once after ms milliseconds. */
void ft_timer_start(struct ft_loop *loop, struct ft_timer *t, uint64_t ms,
                    ft_timer_fn fn, void *arg);
void ft_timer_stop(struct ft_timer *t);

/* Waits up to max_ms (-1: until something happens) and runs the callbacks
 * of what happened.  Returns the number of events handled or -errno. */
int ft_loop_run_once(struct ft_loop *loop, int max_ms);

#endif
