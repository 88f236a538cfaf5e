/* Revocation: ranks blocked on a communicator are released with
 * MPIX_ERR_REVOKED when one rank revokes it, every later operation fails
 * the same way everywhere, other communicators are untouched, and agree
 * and shrink still work on the revoked one. */
#include <mpi-ext.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm c;
    T_OK(MPI_Comm_dup(MPI_COMM_WORLD, &c));
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);

    /* Everyone posts a receive nobody will match, then says so on WORLD;
     * rank 0 revokes once all are waiting. */
    int v = 0, ready = 1;
    MPI_Request r;
    T_OK(MPI_Irecv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 7, c, &r));
    if (rank == 0) {
        for (int i = 1; i < size; i++)
            T_OK(MPI_Recv(&ready, 1, MPI_INT, i, 1, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
        T_OK(MPIX_Comm_revoke(c));
    } else {
        T_OK(MPI_Send(&ready, 1, MPI_INT, 0, 1, MPI_COMM_WORLD));
    }
    T_ERRCLASS(MPI_Wait(&r, MPI_STATUS_IGNORE), MPIX_ERR_REVOKED);
    int flag = 0;
    T_OK(MPIX_Comm_is_revoked(c, &flag));
    T_CHECK(flag, "not revoked");
    T_ERRCLASS(MPI_Send(&v, 1, MPI_INT, (rank + 1) % size, 2, c),
               MPIX_ERR_REVOKED);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 2, c,
                        MPI_STATUS_IGNORE),
               MPIX_ERR_REVOKED);
    T_ERRCLASS(MPI_Irecv(&v, 1, MPI_INT, 0, 2, c, &r) == MPI_SUCCESS
                   ? MPI_Wait(&r, MPI_STATUS_IGNORE)
                   : MPIX_ERR_REVOKED,
               MPIX_ERR_REVOKED);
    MPI_Comm d;
    T_ERRCLASS(MPI_Comm_dup(c, &d), MPIX_ERR_REVOKED);

    /* WORLD still works. */
    int out = rank, in = -1;
    T_OK(MPI_Sendrecv(&out, 1, MPI_INT, (rank + 1) % size, 3, &in, 1, MPI_INT,
                      (rank + size - 1) % size, 3, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
    T_CHECK(in == (rank + size - 1) % size, "world ring got %d", in);

    /* Agree and shrink are allowed on a revoked communicator. */
    flag = rank == 1 ? 6 : 7;
    T_OK(MPIX_Comm_agree(c, &flag));
    T_CHECK(flag == (size > 1 ? 6 : 7), "agreed %d", flag);
    MPI_Comm s;
    T_OK(MPIX_Comm_shrink(c, &s));
    int ss = -1, sr = -1;
    MPI_Comm_size(s, &ss);
    MPI_Comm_rank(s, &sr);
    T_CHECK(ss == size && sr == rank, "shrink of a healthy revoked comm: "
            "size %d rank %d", ss, sr);
    flag = 0;
    MPIX_Comm_is_revoked(s, &flag);
    T_CHECK(!flag, "the shrunken communicator is revoked");
    T_OK(MPI_Sendrecv(&out, 1, MPI_INT, (rank + 1) % size, 3, &in, 1, MPI_INT,
                      (rank + size - 1) % size, 3, s, MPI_STATUS_IGNORE));
    T_CHECK(in == (rank + size - 1) % size, "shrunk ring got %d", in);
    MPI_Comm_free(&s);
    MPI_Comm_free(&c);
    return t_finish("ulfm_revoke");
}
