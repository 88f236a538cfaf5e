/* Basic point-to-point: a ring of many sizes, wildcards, statuses,
 * ordering per sender, MPI_PROC_NULL, and messages to oneself. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;

    /* A ring at many sizes, eager and rendezvous. */
    static int sbuf[70000], rbuf[70000];
    int counts[] = {0, 1, 7, 100, 1023, 2048, 4096, 70000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        int n = counts[c];
        for (int i = 0; i < n; i++)
            sbuf[i] = rank * 1000003 + i * 7 + (int)c;
        MPI_Request rq;
        MPI_Status st;
        T_OK(MPI_Irecv(rbuf, n, MPI_INT, prev, (int)c, MPI_COMM_WORLD, &rq));
        T_OK(MPI_Send(sbuf, n, MPI_INT, next, (int)c, MPI_COMM_WORLD));
        T_OK(MPI_Wait(&rq, &st));
        T_CHECK(rq == MPI_REQUEST_NULL, "request not reset by MPI_Wait");
        T_CHECK(st.MPI_SOURCE == prev, "source %d, expected %d",
                st.MPI_SOURCE, prev);
        T_CHECK(st.MPI_TAG == (int)c, "tag %d", st.MPI_TAG);
        int got;
        MPI_Get_count(&st, MPI_INT, &got);
        T_CHECK(got == n, "count %d, expected %d", got, n);
        for (int i = 0; i < n; i++)
            if (rbuf[i] != prev * 1000003 + i * 7 + (int)c) {
                t_fail(__FILE__, __LINE__, "ring size %d: element %d wrong", n,
                       i);
                break;
            }
    }

    /* Wildcards: rank 0 collects one message from everybody else. */
    if (rank == 0) {
        int seen = 0;
        for (int i = 1; i < size; i++) {
            int v;
            MPI_Status st;
            T_OK(MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG,
                          MPI_COMM_WORLD, &st));
            T_CHECK(v == st.MPI_SOURCE * 10 && st.MPI_TAG == st.MPI_SOURCE + 5,
                    "wildcard got %d from %d tag %d", v, st.MPI_SOURCE,
                    st.MPI_TAG);
            seen |= 1 << st.MPI_SOURCE;
        }
        T_CHECK(size == 1 || seen == ((1 << size) - 2), "missing senders %x",
                seen);
    } else {
        int v = rank * 10;
        T_OK(MPI_Send(&v, 1, MPI_INT, 0, rank + 5, MPI_COMM_WORLD));
    }

    /* Order: many messages with the same tag arrive in the order sent,
     * mixing small and large ones. */
    if (size >= 2 && rank < 2) {
        int peer = 1 - rank;
        static int big[20000];
        for (int k = 0; k < 50; k++) {
            int n = (k % 5 == 0) ? 20000 : 1;
            if (rank == 0) {
                for (int i = 0; i < n; i++)
                    big[i] = k;
                T_OK(MPI_Send(big, n, MPI_INT, peer, 3, MPI_COMM_WORLD));
            } else {
                MPI_Status st;
                T_OK(MPI_Recv(big, 20000, MPI_INT, peer, 3, MPI_COMM_WORLD,
                              &st));
                int got;
                MPI_Get_count(&st, MPI_INT, &got);
                T_CHECK(got == n && big[0] == k && big[n - 1] == k,
                        "message %d out of order (count %d, first %d)", k, got,
                        big[0]);
            }
        }
    }

    /* MPI_PROC_NULL: completes at once with the documented status. */
    {
        int v = 1;
        MPI_Status st;
        T_OK(MPI_Send(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD));
        T_OK(MPI_Recv(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st));
        int got = -1;
        MPI_Get_count(&st, MPI_INT, &got);
        T_CHECK(st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG &&
                    got == 0,
                "PROC_NULL status: source %d tag %d count %d", st.MPI_SOURCE,
                st.MPI_TAG, got);
    }

    /* To oneself, small and large. */
    {
        static double a[100000], b[100000];
        for (int i = 0; i < 100000; i++)
            a[i] = i + 0.5;
        MPI_Request r;
        T_OK(MPI_Irecv(b, 100000, MPI_DOUBLE, rank, 9, MPI_COMM_WORLD, &r));
        T_OK(MPI_Send(a, 100000, MPI_DOUBLE, rank, 9, MPI_COMM_WORLD));
        T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
        T_CHECK(memcmp(a, b, sizeof a) == 0, "self message differs");
        int x = 42, y = 0;
        T_OK(MPI_Send(&x, 1, MPI_INT, rank, 10, MPI_COMM_WORLD));
        T_OK(MPI_Recv(&y, 1, MPI_INT, rank, 10, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
        T_CHECK(y == 42, "self eager got %d", y);
    }
    return t_finish("p2p_basic");
}
