/* MPI_Finalize deletes the attributes of MPI_COMM_SELF first, newest
 * first, while MPI still works.  The callbacks print what they see after
 * the verdict; the test expects those lines. */
#include "t.h"

static int order;

static int del(MPI_Comm c, int keyval, void *value, void *extra)
{
    (void)extra;
    int rank, init = 0, fin = 1;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank); /* MPI still works */
    if (rank == 0)
        printf("self delete %ld as #%d on %s (keyval %s), live %d\n",
               (long)value, ++order, c == MPI_COMM_SELF ? "self" : "?",
               keyval > 0 ? "ok" : "bad", init && !fin);
    fflush(stdout);
    return MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int k1, k2;
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del, &k1, NULL));
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, del, &k2, NULL));
    T_OK(MPI_Comm_set_attr(MPI_COMM_SELF, k1, (void *)1L));
    T_OK(MPI_Comm_set_attr(MPI_COMM_SELF, k2, (void *)2L));
    T_OK(MPI_Comm_free_keyval(&k1)); /* still runs at MPI_Finalize */
    return t_finish("attr_self");
}
