#include <stddef.h>

#include "transport/transport.h"

extern const struct ft_tp_ops ft_tp_self_ops;
extern const struct ft_tp_ops ft_tp_shm_ops;

const struct ft_tp_ops *const ft_transports[] = {
    &ft_tp_self_ops,
    &ft_tp_shm_ops,
    NULL,
};

const char *ft_transports_check(void)
{
    for (size_t i = 0; ft_transports[i]; i++) {
        const struct ft_tp_ops *o = ft_transports[i];
        if (!o->name || !o->open || !o->reaches || !o->reserve ||
            !o->commit || !o->poll || !o->arm || !o->disarm || !o->close)
            return o->name ? o->name : "(unnamed)";
    }
    return NULL;
}
