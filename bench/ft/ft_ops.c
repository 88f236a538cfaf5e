/* Latency of MPIX_Comm_agree, MPIX_Comm_shrink and MPIX_Comm_revoke on a
 * healthy communicator: medians over many repetitions, printed by rank 0.
 * Revoke latency is measured from the revoker's call to the moment the
 * slowest other rank sees MPIX_ERR_REVOKED (one host: one clock). */
#include <mpi-ext.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    enum { REPS = 200, REVOKES = 50 };
    double t[REPS];

    for (int i = 0; i < REPS; i++) {
        int flag = 1;
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPIX_Comm_agree(MPI_COMM_WORLD, &flag);
        t[i] = MPI_Wtime() - t0;
    }
    double agree = median(t, REPS);

    for (int i = 0; i < REPS / 2; i++) {
        MPI_Comm s;
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPIX_Comm_shrink(MPI_COMM_WORLD, &s);
        t[i] = MPI_Wtime() - t0;
        MPI_Comm_free(&s);
    }
    double shrink = median(t, REPS / 2);

    for (int i = 0; i < REVOKES; i++) {
        MPI_Comm c;
        MPI_Comm_dup(MPI_COMM_WORLD, &c);
        MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
        int v;
        MPI_Request r;
        MPI_Irecv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 0, c, &r);
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime(), seen = t0;
        if (rank == 0) {
            MPIX_Comm_revoke(c);
        }
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        seen = MPI_Wtime();
        double start;
        if (rank == 0)
            start = t0;
        MPI_Bcast(&start, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        double lat = seen - start, worst;
        MPI_Reduce(&lat, &worst, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        t[i] = worst;
        MPI_Comm_free(&c);
    }
    double revoke = median(t, REVOKES);
    if (rank == 0)
        printf("np %d agree_us %.1f shrink_us %.1f revoke_us %.1f\n", size,
               agree * 1e6, shrink * 1e6, revoke * 1e6);
    MPI_Finalize();
    return 0;
}
