/* ULFM point-to-point: the last rank dies; the survivors see
 * MPIX_ERR_PROC_FAILED from a receive naming it, PROC_FAILED from a
 * blocking wildcard receive, PROC_FAILED_PENDING from a non-blocking one
 * that stays valid and completes after MPIX_Comm_failure_ack, and a
 * communicator without the dead rank is not disturbed. */
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

/* A barrier among the survivors, by messages (gather, then release). */
static void surv_barrier(MPI_Comm surv)
{
    int sr, ss, tok = 0;
    MPI_Comm_rank(surv, &sr);
    MPI_Comm_size(surv, &ss);
    if (sr == 0) {
        for (int i = 1; i < ss; i++)
            MPI_Recv(&tok, 1, MPI_INT, i, 99, surv, MPI_STATUS_IGNORE);
        for (int i = 1; i < ss; i++)
            MPI_Send(&tok, 1, MPI_INT, i, 98, surv);
    } else {
        MPI_Send(&tok, 1, MPI_INT, 0, 99, surv);
        MPI_Recv(&tok, 1, MPI_INT, 0, 98, surv, MPI_STATUS_IGNORE);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int victim = size - 1, nsurv = size - 1;
    /* The survivors' own communicator, made while everyone is alive. */
    MPI_Comm surv;
    MPI_Comm_split(MPI_COMM_WORLD, rank == victim ? MPI_UNDEFINED : 0, rank,
                   &surv);
    if (rank == victim)
        raise(SIGKILL);
    MPI_Comm_set_errhandler(surv, MPI_ERRORS_RETURN);

    int v = 0;
    MPI_Status st;
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, victim, 0, MPI_COMM_WORLD, &st),
               MPIX_ERR_PROC_FAILED);
    /* A blocking wildcard receive with an unacknowledged failure. */
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 1, MPI_COMM_WORLD,
                        &st),
               MPIX_ERR_PROC_FAILED);
    /* A non-blocking one: pending, and still valid. */
    MPI_Request r;
    T_OK(MPI_Irecv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 2, MPI_COMM_WORLD, &r));
    T_ERRCLASS(MPI_Wait(&r, &st), MPIX_ERR_PROC_FAILED_PENDING);
    T_CHECK(r != MPI_REQUEST_NULL, "pending request was freed");
    int flag = 0;
    T_ERRCLASS(MPI_Test(&r, &flag, &st), MPIX_ERR_PROC_FAILED_PENDING);

    /* What we know of failures. */
    MPI_Group failed, acked, world;
    T_OK(MPIX_Comm_get_failed(MPI_COMM_WORLD, &failed));
    int n = -1;
    MPI_Group_size(failed, &n);
    T_CHECK(n == 1, "get_failed has %d members", n);
    T_OK(MPIX_Comm_failure_get_acked(MPI_COMM_WORLD, &acked));
    MPI_Group_size(acked, &n);
    T_CHECK(n == 0, "acked before ack: %d", n);
    T_OK(MPIX_Comm_failure_ack(MPI_COMM_WORLD));
    T_OK(MPIX_Comm_failure_get_acked(MPI_COMM_WORLD, &acked));
    MPI_Group_size(acked, &n);
    T_CHECK(n == 1, "acked after ack: %d", n);
    int zero = 0, wr = -1;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_translate_ranks(acked, 1, &zero, world, &wr);
    T_CHECK(wr == victim, "acked rank %d, expected %d", wr, victim);
    int nacked = -1;
    T_OK(MPIX_Comm_ack_failed(MPI_COMM_WORLD, 0, &nacked));
    T_CHECK(nacked == 1, "ack_failed reports %d", nacked);

    /* Nobody sends the message the pending receive waits for before every
     * survivor has seen it pending. */
    surv_barrier(surv);
    /* Acknowledged: the wildcard receive proceeds and completes. */
    int next = (rank + 1) % nsurv, prev = (rank + nsurv - 1) % nsurv;
    int out = 100 + rank;
    T_OK(MPI_Send(&out, 1, MPI_INT, next, 2, MPI_COMM_WORLD));
    T_OK(MPI_Wait(&r, &st));
    T_CHECK(v == 100 + prev && st.MPI_SOURCE == prev, "got %d from %d", v,
            st.MPI_SOURCE);

    /* A large send to the dead rank fails (a small one may be buffered). */
    static char big[1 << 20];
    T_ERRCLASS(MPI_Send(big, sizeof big, MPI_CHAR, victim, 4, MPI_COMM_WORLD),
               MPIX_ERR_PROC_FAILED);

    /* The survivors' communicator never saw the failure: wildcard
     * receives need no acknowledgement there. */
    int sr, ss;
    MPI_Comm_rank(surv, &sr);
    MPI_Comm_size(surv, &ss);
    T_OK(MPI_Sendrecv(&out, 1, MPI_INT, (sr + 1) % ss, 5, &v, 1, MPI_INT,
                      MPI_ANY_SOURCE, 5, surv, &st));
    T_CHECK(v == 100 + (sr + ss - 1) % ss, "surv ring got %d", v);
    MPI_Group_free(&failed);
    MPI_Group_free(&acked);
    MPI_Group_free(&world);
    return t_finish_on("ulfm_p2p", surv);
}
