#include "core/match.h"

#include "core/request.h"

void ft_mq_init(struct ft_mq *q)
{
    ft_list_init(&q->posted);
    ft_list_init(&q->unexp);
}

void ft_mq_post(struct ft_mq *q, struct ft_request *r)
{
    ft_list_push(&q->posted, &r->link);
    r->posted = true;
}

struct ft_request *ft_mq_take_posted(struct ft_mq *q, int src, int tag)
{
    ft_list_for_each(e, &q->posted) {
        struct ft_request *r = ft_container_of(e, struct ft_request, link);
        if (ft_match(r->peer, r->tag, src, tag)) {
            ft_list_del(e);
            r->posted = false;
            return r;
        }
    }
    return NULL;
}

void ft_mq_add_unexp(struct ft_mq *q, struct ft_unexp *u)
{
    ft_list_push(&q->unexp, &u->link);
}

struct ft_unexp *ft_mq_find_unexp(struct ft_mq *q, int rsrc, int rtag,
                                  bool take)
{
    ft_list_for_each(e, &q->unexp) {
        struct ft_unexp *u = ft_container_of(e, struct ft_unexp, link);
        if (ft_match(rsrc, rtag, u->src, u->tag)) {
            if (take)
                ft_list_del(e);
            return u;
        }
    }
    return NULL;
}

bool ft_mq_remove_posted(struct ft_mq *q, struct ft_request *r)
{
    (void)q;
    if (!r->posted)
        return false;
    ft_list_del(&r->link);
    r->posted = false;
    return true;
}
