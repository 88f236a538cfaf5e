#include "core/request.h"

#include "core/comm.h"
#include "core/datatype.h"
#include "core/magic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 256

int ft_reqtab_init(struct ft_reqtab *t)
{
    memset(t, 0, sizeof *t);
    ft_list_init(&t->pool);
    return 0;
}

void ft_reqtab_fini(struct ft_reqtab *t)
{
    for (size_t i = 0; i < t->nchunks; i++)
        free(t->chunks[i]);
    free(t->chunks);
    free(t->slots);
    free(t->gens);
    free(t->free_slots);
    memset(t, 0, sizeof *t);
    ft_list_init(&t->pool);
}

static int grow_pool(struct ft_reqtab *t)
{
    struct ft_request *chunk = calloc(CHUNK, sizeof *chunk);
    void **chunks = realloc(t->chunks, (t->nchunks + 1) * sizeof *chunks);
    if (!chunk || !chunks) {
        free(chunk);
        if (chunks)
            t->chunks = chunks;
        return -ENOMEM;
    }
    t->chunks = chunks;
    t->chunks[t->nchunks++] = chunk;
    for (int i = 0; i < CHUNK; i++)
        ft_list_push(&t->pool, &chunk[i].link);
    return 0;
}

static int take_slot(struct ft_reqtab *t, uint32_t *slot)
{
    if (t->nfree) {
        *slot = t->free_slots[--t->nfree];
        return 0;
    }
    if (t->nslots == t->cap) {
        uint32_t cap = t->cap ? 2 * t->cap : 1024;
        struct ft_request **s = realloc(t->slots, cap * sizeof *s);
        if (!s)
            return -ENOMEM;
        t->slots = s;
        uint32_t *g = realloc(t->gens, cap * sizeof *g);
        if (!g)
            return -ENOMEM;
        t->gens = g;
        uint32_t *f = realloc(t->free_slots, cap * sizeof *f);
        if (!f)
            return -ENOMEM;
        t->free_slots = f;
        for (uint32_t i = t->cap; i < cap; i++)
            t->gens[i] = 1;
        t->cap = cap;
    }
    *slot = t->nslots++;
    return 0;
}

struct ft_request *ft_req_alloc(struct ft_reqtab *t, enum ft_req_kind kind)
{
    if (ft_list_empty(&t->pool) && grow_pool(t))
        return NULL;
    uint32_t slot;
    if (take_slot(t, &slot))
        return NULL;
    struct ft_list *e = ft_list_pop(&t->pool);
    struct ft_request *r = ft_container_of(e, struct ft_request, link);
    memset(r, 0, sizeof *r);
    ft_list_init(&r->link);
    ft_list_init(&r->flink);
    r->magic = FT_MAGIC_REQ;
    r->kind = (uint8_t)kind;
    t->slots[slot] = r;
    r->id = (uint64_t)t->gens[slot] << 32 | slot;
    return r;
}

void ft_req_release(struct ft_reqtab *t, struct ft_request *r)
{
    if (r->on_release) {
        void (*fn)(struct ft_request *) = r->on_release;
        r->on_release = NULL;
        fn(r);
    }
    uint32_t slot = (uint32_t)r->id;
    if (slot < t->nslots && t->slots[slot] == r) {
        t->slots[slot] = NULL;
        t->gens[slot]++;
        if (t->gens[slot] == 0)
            t->gens[slot] = 1;
        t->free_slots[t->nfree++] = slot;
    }
    if (r->dt) {
        ft_dt_release(r->dt); /* the reference ft_req_init_* took */
        r->dt = NULL;
    }
    r->id = 0;
    r->magic = 0;
    /* The communicator lives as long as an operation on it (MPI_Comm_free
     * with operations pending); this may be its last reference. */
    if (r->comm) {
        struct ft_comm *c = r->comm;
        r->comm = NULL;
        ft_comm_release(c);
    }
    ft_list_del(&r->link);
    ft_list_del(&r->flink);
    ft_list_push_front(&t->pool, &r->link);
}

struct ft_request *ft_req_lookup(struct ft_reqtab *t, uint64_t id)
{
    uint32_t slot = (uint32_t)id;
    uint32_t gen = (uint32_t)(id >> 32);
    if (slot >= t->nslots || t->gens[slot] != gen)
        return NULL;
    return t->slots[slot];
}
