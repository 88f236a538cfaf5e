/*
 * list.h -- intrusive doubly-linked lists.
 *
 * A struct ft_list is both the head of a list and the link inside an element.
 * Nothing here allocates; elements are owned by whoever put them in.
 */
#ifndef FT_BASE_LIST_H
#define FT_BASE_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct ft_list {
    struct ft_list *next, *prev;
};

#define FT_LIST_INIT(name) {&(name), &(name)}
#define ft_container_of(ptr, type, member)                                    \
    ((type *)((char *)(ptr)-offsetof(type, member)))

static inline void ft_list_init(struct ft_list *l)
{
    l->next = l->prev = l;
}

static inline bool ft_list_empty(const struct ft_list *l)
{
    return l->next == l;
}

static inline void ft_list_insert_between(struct ft_list *e, struct ft_list *prev,
                                          struct ft_list *next)
{
    e->prev = prev;
    e->next = next;
    prev->next = e;
    next->prev = e;
}

/* Appends e at the tail of list l. */
static inline void ft_list_push(struct ft_list *l, struct ft_list *e)
{
    ft_list_insert_between(e, l->prev, l);
}

/* Inserts e at the head of list l. */
static inline void ft_list_push_front(struct ft_list *l, struct ft_list *e)
{
    ft_list_insert_between(e, l, l->next);
}

/* Unlinks e from whatever list holds it; e is left pointing at itself. */
static inline void ft_list_del(struct ft_list *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
    e->next = e->prev = e;
}

/* Removes and returns the first element, or NULL when empty. */
static inline struct ft_list *ft_list_pop(struct ft_list *l)
{
    if (ft_list_empty(l))
        return NULL;
    struct ft_list *e = l->next;
    ft_list_del(e);
    return e;
}

#define ft_list_for_each(pos, head)                                           \
    for (struct ft_list *pos = (head)->next; pos != (head); pos = pos->next)

/* Safe against removal of pos inside the loop body. */
#define ft_list_for_each_safe(pos, head)                                      \
    for (struct ft_list *pos = (head)->next, *pos##_n = pos->next;            \
         pos != (head); pos = pos##_n, pos##_n = pos->next)

#endif
