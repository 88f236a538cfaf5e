/* The FT-MPI spellings of recovery: the FT_MPI_PROC_FAILED attribute lists
 * the dead, MPI_Comm_create with FT_MPI_LIVING and MPI_Comm_split with
 * FT_MPI_NOT_DEAD_YET recover, a dup of a blank communicator works. */
#include <ftmpi.h>
#include <signal.h>
#include <stdlib.h>

#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *mode = getenv("FTMPI_FT_MODE");
    int blank = mode && strcmp(mode, "blank") == 0;
    int *failed, flag = 0;
    T_OK(MPI_Comm_get_attr(MPI_COMM_WORLD, FT_MPI_PROC_FAILED, &failed,
                           &flag));
    T_CHECK(flag && failed[0] == 0, "failed before any failure: %d",
            flag ? failed[0] : -1);
    /* Rank 1 dies only once everybody has looked. */
    int tok = 0;
    if (rank == 1) {
        for (int i = 0; i < size; i++)
            if (i != 1)
                MPI_Recv(&tok, 1, MPI_INT, i, 5, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
        raise(SIGKILL);
    }
    MPI_Send(&tok, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 1, 0, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPIX_ERR_PROC_FAILED);
    T_OK(MPI_Comm_get_attr(MPI_COMM_WORLD, FT_MPI_PROC_FAILED, &failed,
                           &flag));
    T_CHECK(flag && failed[0] == 1 && failed[1] == 1,
            "FT_MPI_PROC_FAILED lists %d ranks, first %d", failed[0],
            failed[1]);

    MPI_Comm c;
    T_OK(MPI_Comm_create(MPI_COMM_WORLD, FT_MPI_LIVING, &c));
    int cs;
    MPI_Comm_size(c, &cs);
    T_CHECK(cs == (blank ? size : size - 1), "recovered size %d", cs);

    /* Split with NOT_DEAD_YET on a healthy communicator keeps everyone,
     * ordered by key in shrink mode (reversed here). */
    MPI_Comm s;
    int crank;
    MPI_Comm_rank(c, &crank);
    T_OK(MPI_Comm_split(c, FT_MPI_NOT_DEAD_YET, -crank, &s));
    int sr, ss;
    MPI_Comm_rank(s, &sr);
    MPI_Comm_size(s, &ss);
    if (blank)
        T_CHECK(ss == cs && sr == crank, "blank split %d of %d", sr, ss);
    else
        T_CHECK(ss == cs && sr == cs - 1 - crank, "split by key: %d of %d",
                sr, ss);

    /* A dup of the recovered communicator: collectives over the living. */
    MPI_Comm d;
    T_OK(MPI_Comm_dup(c, &d));
    int out = rank, in = -1;
    int dr, ds;
    MPI_Comm_rank(d, &dr);
    MPI_Comm_size(d, &ds);
    int next = (dr + 1) % ds, prev = (dr + ds - 1) % ds;
    if (blank) { /* skip the hole at rank 1 */
        if (next == 1)
            next = 2;
        if (prev == 1)
            prev = 0;
    }
    T_OK(MPI_Sendrecv(&out, 1, MPI_INT, next, 1, &in, 1, MPI_INT, prev, 1, d,
                      MPI_STATUS_IGNORE));
    T_CHECK(in == (blank ? prev : (prev >= 1 ? prev + 1 : prev)),
            "dup ring got %d", in);
    MPI_Comm_free(&d);
    MPI_Comm_free(&s);
    MPI_Comm live;
    T_OK(MPI_Comm_split(c, 0, rank, &live));
    MPI_Comm_free(&c);
    return t_finish_on("ftmpi_api", live);
}
