#include "core/attr.h"

#include <stdlib.h>

struct ft_attr {
    struct ft_attr *next;
    int keyval;
    void *value;
};

void ft_attr_list_free(struct ft_attr_list **l)
{
    if (!*l)
        return;
    struct ft_attr *a = (*l)->head;
    while (a) {
        struct ft_attr *next = a->next;
        free(a);
        a = next;
    }
    free(*l);
    *l = NULL;
}
