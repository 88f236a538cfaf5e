/*
 * topo.h -- process topologies.  For now only the arithmetic of
 * MPI_Dims_create; Cartesian and graph communicators come later.
 */
#ifndef FT_CORE_TOPO_H
#define FT_CORE_TOPO_H

/* Fills the zero entries of dims (ndims entries, none negative) so that
 * the product of all entries is nnodes (>= 1), with the filled entries as
 * close to each other as possible (smallest difference between the
 * largest and the smallest, then the smallest largest) and in
 * non-increasing order.  Non-zero entries are kept.  Returns 0, or
 * -EINVAL when no filling exists (nnodes is not a multiple of the product
 * of the fixed entries, or there is no zero entry and the product is not
 * nnodes).  Pure arithmetic: no allocation beyond a small table. */
int ft_dims_create(int nnodes, int ndims, int *dims);

#endif
