/*
 * attr.h -- attribute caching on communicators and datatypes (keyvals,
 * values, copy and delete callbacks).
 */
#ifndef FT_CORE_ATTR_H
#define FT_CORE_ATTR_H

struct ft_attr;

/* The attributes set on one object, in the order they were set. */
struct ft_attr_list {
    struct ft_attr *head;
};

/* Frees the list without calling any callback (the object is being torn
 * down after its delete callbacks already ran, or never had any). */
void ft_attr_list_free(struct ft_attr_list **l);

#endif
