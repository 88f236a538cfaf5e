/* A rank of a periodic 1-D Cartesian communicator dies at a neighborhood
 * alltoall (argv: WHEN), under --ft ulfm:
 *   before   the victim dies instead of calling it: its two neighbors
 *            must get MPIX_ERR_PROC_FAILED (they wait for its block);
 *   during   the victim starts the non-blocking form and dies: what it
 *            sent may still arrive, so its neighbors may succeed.
 * Nobody hangs; ranks not next to the victim may succeed (ULFM lets the
 * outcome differ between ranks), and whoever succeeds has the right data.
 * Then the survivors shrink, make a new ring, and exchange correctly. */
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

static int rank, size;

/* Runs a neighborhood alltoall on the ring c (blocking or not): block 0
 * goes to the -1 neighbor, block 1 to the +1 neighbor.  Returns the
 * error class; on success checks what came in. */
static int exchange(MPI_Comm c, int nb)
{
    int r, n, src, dst;
    MPI_Comm_rank(c, &r);
    MPI_Comm_size(c, &n);
    MPI_Cart_shift(c, 0, 1, &src, &dst);
    int out[2] = {r * 10, r * 10 + 1}, in[2] = {-1, -1}, rc, cls;
    if (nb) {
        MPI_Request q;
        rc = MPI_Ineighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, c, &q);
        if (rc == MPI_SUCCESS)
            rc = MPI_Wait(&q, MPI_STATUS_IGNORE);
    } else {
        rc = MPI_Neighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, c);
    }
    MPI_Error_class(rc, &cls);
    /* From the -1 neighbor its +1 block, from the +1 neighbor its -1
     * block. */
    if (cls == MPI_SUCCESS)
        T_CHECK(in[0] == src * 10 + 1 && in[1] == dst * 10,
                "rank %d of %d got %d %d from %d %d", r, n, in[0], in[1],
                src, dst);
    return cls;
}

static MPI_Comm ring(MPI_Comm over)
{
    int n;
    MPI_Comm_size(over, &n);
    int dims[1] = {n}, periods[1] = {1};
    MPI_Comm c;
    T_OK(MPI_Cart_create(over, 1, dims, periods, 0, &c));
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    return c;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int before = argc > 1 && !strcmp(argv[1], "before");
    int victim = size / 2;

    MPI_Comm c = ring(MPI_COMM_WORLD);
    T_CHECK(exchange(c, 0) == MPI_SUCCESS, "exchange with everyone alive");
    /* Everybody is past that exchange before the victim dies: a member
     * known dead fails every collective still running on the ring, also
     * far from it (as in the other collectives).  A barrier of
     * point-to-point messages to and from live ranks is not affected. */
    t_barrier(MPI_COMM_WORLD);

    if (rank == victim) {
        if (!before) {
            int out[2] = {rank * 10, rank * 10 + 1}, in[2];
            MPI_Request q;
            MPI_Ineighbor_alltoall(out, 1, MPI_INT, in, 1, MPI_INT, c, &q);
        }
        raise(SIGKILL);
    }
    int cls = exchange(c, !before);
    T_CHECK(cls == MPI_SUCCESS || cls == MPIX_ERR_PROC_FAILED,
            "rank %d: class %d", rank, cls);
    int adjacent = rank == (victim + 1) % size ||
                   rank == (victim + size - 1) % size;
    if (before && adjacent)
        T_CHECK(cls == MPIX_ERR_PROC_FAILED,
                "rank %d succeeded without its neighbor %d", rank, victim);

    /* The survivors carry on in a ring of their own. */
    MPI_Comm s, c2;
    T_OK(MPIX_Comm_shrink(MPI_COMM_WORLD, &s));
    MPI_Comm_set_errhandler(s, MPI_ERRORS_RETURN);
    c2 = ring(s);
    T_CHECK(exchange(c2, 0) == MPI_SUCCESS, "exchange after shrink");
    T_CHECK(exchange(c2, 1) == MPI_SUCCESS, "non-blocking after shrink");
    MPI_Comm_free(&c2);
    MPI_Comm_free(&c);
    return t_finish_on("neighbor_fault", s);
}
