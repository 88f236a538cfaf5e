/*
 * coll_fault -- a rank dies (SIGKILL) and every collective of the
 * survivors on a communicator that contains it returns
 * MPIX_ERR_PROC_FAILED instead of hanging: the shared-memory and the
 * point-to-point algorithms, blocking and non-blocking, including ranks
 * that only wait for other survivors.  Collectives on a communicator of
 * survivors only still work.  Run with --ft ulfm.
 *
 * Each survivor prints its own verdict (there is no collective left to
 * gather them); the job's exit status is not zero since a rank was killed.
 */
#include <signal.h>

#include "t.h"

static int rank, size;

static void expect_failed(int rc, const char *what)
{
    int cls = -1;
    MPI_Error_class(rc, &cls);
    T_CHECK(cls == MPIX_ERR_PROC_FAILED, "%s: class %d, expected "
            "MPIX_ERR_PROC_FAILED", what, cls);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm w;
    MPI_Comm_dup(MPI_COMM_WORLD, &w);
    MPI_Comm_set_errhandler(w, MPI_ERRORS_RETURN);
    /* Survivors only: everyone but the last rank. */
    MPI_Comm alive;
    MPI_Comm_split(MPI_COMM_WORLD, rank == size - 1 ? MPI_UNDEFINED : 0, 0,
                   &alive);
    static int a[20000], b[20000 * 8];
    T_OK(MPI_Allreduce(a, b, 20000, MPI_INT, MPI_SUM, w));
    T_OK(MPI_Barrier(w));
    /* The victim dies once everyone is out of the barrier (a collective
     * still running when a member dies may fail anywhere). */
    if (rank == size - 1) {
        for (int r = 0; r < size - 1; r++)
            MPI_Recv(NULL, 0, MPI_INT, r, 1, w, MPI_STATUS_IGNORE);
        raise(SIGKILL);
    }
    MPI_Send(NULL, 0, MPI_INT, size - 1, 1, w);

    expect_failed(MPI_Barrier(w), "barrier");
    expect_failed(MPI_Allreduce(a, b, 1, MPI_INT, MPI_SUM, w),
                  "small allreduce");
    expect_failed(MPI_Allreduce(a, b, 20000, MPI_INT, MPI_SUM, w),
                  "large allreduce");
    expect_failed(MPI_Bcast(a, 10, MPI_INT, 0, w), "bcast from a survivor");
    expect_failed(MPI_Bcast(a, 20000, MPI_INT, size - 1, w),
                  "bcast from the dead rank");
    expect_failed(MPI_Reduce(a, b, 20000, MPI_INT, MPI_SUM, 0, w), "reduce");
    expect_failed(MPI_Alltoall(a, 100, MPI_INT, b, 100, MPI_INT, w),
                  "alltoall");
    expect_failed(MPI_Allgather(a, 2000, MPI_INT, b, 2000, MPI_INT, w),
                  "allgather");
    /* A non-blocking call may fail at once or when completed. */
    MPI_Request req = MPI_REQUEST_NULL;
    int rc = MPI_Iallreduce(a, b, 1000, MPI_INT, MPI_SUM, w, &req);
    if (rc == MPI_SUCCESS)
        rc = MPI_Wait(&req, MPI_STATUS_IGNORE);
    expect_failed(rc, "iallreduce");
    req = MPI_REQUEST_NULL;
    rc = MPI_Ibarrier(w, &req);
    int flag = 0;
    while (rc == MPI_SUCCESS && !flag)
        rc = MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    expect_failed(rc, "ibarrier by MPI_Test");

    /* The survivors' own communicator is unaffected. */
    a[0] = 1;
    T_OK(MPI_Allreduce(a, b, 1, MPI_INT, MPI_SUM, alive));
    T_CHECK(b[0] == size - 1, "allreduce among survivors: %d", b[0]);
    T_OK(MPI_Allreduce(a, b, 20000, MPI_INT, MPI_SUM, alive));
    T_OK(MPI_Barrier(alive));

    if (t_errors)
        printf("FAIL coll_fault: %d errors at rank %d\n", t_errors, rank);
    else if (rank == 0)
        printf("PASS coll_fault\n");
    fflush(stdout);
    MPI_Finalize();
    return t_errors != 0;
}
