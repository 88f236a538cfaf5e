/* Completion calls: Waitany, Waitsome, Testall, Testsome, persistent
 * requests started many times, Request_free of an active send,
 * Request_get_status, generalized requests. */
#include "t.h"

static int query_calls, free_calls;

static int gq(void *extra, MPI_Status *st)
{
    query_calls++;
    MPI_Status_set_elements(st, MPI_INT, *(int *)extra);
    st->MPI_SOURCE = 123;
    st->MPI_TAG = 456;
    return MPI_SUCCESS;
}

static int gf(void *extra)
{
    (void)extra;
    free_calls++;
    return MPI_SUCCESS;
}

static int gc(void *extra, int complete)
{
    (void)extra;
    (void)complete;
    return MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;

    /* Waitany / Waitsome over receives from everyone. */
    {
        int n = size, in[64], out = rank;
        MPI_Request r[64];
        for (int i = 0; i < n; i++)
            T_OK(MPI_Irecv(&in[i], 1, MPI_INT, i, 1, MPI_COMM_WORLD, &r[i]));
        for (int i = 0; i < n; i++)
            T_OK(MPI_Send(&out, 1, MPI_INT, i, 1, MPI_COMM_WORLD));
        int done = 0, mask = 0;
        while (done < n / 2) {
            int idx;
            MPI_Status st;
            T_OK(MPI_Waitany(n, r, &idx, &st));
            T_CHECK(idx >= 0 && idx < n && r[idx] == MPI_REQUEST_NULL,
                    "waitany index %d", idx);
            T_CHECK(in[idx] == idx && st.MPI_SOURCE == idx, "waitany data");
            mask |= 1 << idx;
            done++;
        }
        while (done < n) {
            int cnt, idx[64];
            MPI_Status st[64];
            T_OK(MPI_Waitsome(n, r, &cnt, idx, st));
            T_CHECK(cnt != MPI_UNDEFINED && cnt >= 1, "waitsome count %d",
                    cnt);
            for (int k = 0; k < cnt; k++) {
                T_CHECK(!(mask & (1 << idx[k])), "completed twice");
                mask |= 1 << idx[k];
                T_CHECK(in[idx[k]] == idx[k], "waitsome data");
            }
            done += cnt;
        }
        int cnt, idx[64];
        T_OK(MPI_Waitsome(n, r, &cnt, idx, MPI_STATUSES_IGNORE));
        T_CHECK(cnt == MPI_UNDEFINED, "waitsome on all-null gave %d", cnt);
        int index;
        T_OK(MPI_Waitany(n, r, &index, MPI_STATUS_IGNORE));
        T_CHECK(index == MPI_UNDEFINED, "waitany on all-null gave %d", index);
    }

    /* Testall / Testsome spin until done. */
    {
        int a = rank, b = -1;
        MPI_Request r[2];
        T_OK(MPI_Irecv(&b, 1, MPI_INT, prev, 2, MPI_COMM_WORLD, &r[0]));
        T_OK(MPI_Isend(&a, 1, MPI_INT, next, 2, MPI_COMM_WORLD, &r[1]));
        int flag = 0;
        while (!flag)
            T_OK(MPI_Testall(2, r, &flag, MPI_STATUSES_IGNORE));
        T_CHECK(b == prev, "testall data %d", b);
        T_OK(MPI_Irecv(&b, 1, MPI_INT, prev, 3, MPI_COMM_WORLD, &r[0]));
        T_OK(MPI_Isend(&a, 1, MPI_INT, next, 3, MPI_COMM_WORLD, &r[1]));
        int got = 0;
        while (got < 2) {
            int cnt, idx[2];
            T_OK(MPI_Testsome(2, r, &cnt, idx, MPI_STATUSES_IGNORE));
            if (cnt != MPI_UNDEFINED)
                got += cnt;
        }
    }

    /* Persistent requests, started ten times. */
    {
        int sv, rv;
        MPI_Request r[2];
        T_OK(MPI_Recv_init(&rv, 1, MPI_INT, prev, 4, MPI_COMM_WORLD, &r[0]));
        T_OK(MPI_Send_init(&sv, 1, MPI_INT, next, 4, MPI_COMM_WORLD, &r[1]));
        for (int it = 0; it < 10; it++) {
            sv = rank * 100 + it;
            T_OK(MPI_Startall(2, r));
            T_OK(MPI_Waitall(2, r, MPI_STATUSES_IGNORE));
            T_CHECK(rv == prev * 100 + it, "persistent round %d got %d", it,
                    rv);
            T_CHECK(r[0] != MPI_REQUEST_NULL, "persistent request freed");
        }
        /* An inactive persistent request completes at once. */
        int flag = 0;
        T_OK(MPI_Test(&r[0], &flag, MPI_STATUS_IGNORE));
        T_CHECK(flag, "inactive persistent request not complete");
        T_OK(MPI_Request_free(&r[0]));
        T_OK(MPI_Request_free(&r[1]));
        T_CHECK(r[0] == MPI_REQUEST_NULL, "Request_free left the handle");
    }

    /* Request_free on an active send; the message still arrives. */
    {
        static int big[50000];
        for (int i = 0; i < 50000; i++)
            big[i] = rank;
        MPI_Request r;
        T_OK(MPI_Isend(big, 50000, MPI_INT, next, 5, MPI_COMM_WORLD, &r));
        T_OK(MPI_Request_free(&r));
        static int in[50000];
        T_OK(MPI_Recv(in, 50000, MPI_INT, prev, 5, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
        T_CHECK(in[49999] == prev, "freed send data");
        /* A barrier by messages, so nobody leaves before its send is done. */
        int tok = 0;
        T_OK(MPI_Sendrecv(&tok, 1, MPI_INT, next, 6, &tok, 1, MPI_INT, prev,
                          6, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    }

    /* Request_get_status does not free. */
    {
        int a = 1, b = 0;
        MPI_Request r;
        T_OK(MPI_Irecv(&b, 1, MPI_INT, rank, 7, MPI_COMM_WORLD, &r));
        T_OK(MPI_Send(&a, 1, MPI_INT, rank, 7, MPI_COMM_WORLD));
        int flag = 0;
        MPI_Status st;
        while (!flag)
            T_OK(MPI_Request_get_status(r, &flag, &st));
        T_CHECK(r != MPI_REQUEST_NULL && st.MPI_TAG == 7, "get_status");
        T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
    }

    /* Generalized requests. */
    {
        int extra = 5;
        MPI_Request r;
        T_OK(MPI_Grequest_start(gq, gf, gc, &extra, &r));
        int flag = 1;
        T_OK(MPI_Test(&r, &flag, MPI_STATUS_IGNORE));
        T_CHECK(!flag, "generalized request complete before Grequest_complete");
        T_OK(MPI_Grequest_complete(r));
        MPI_Status st;
        T_OK(MPI_Wait(&r, &st));
        int n;
        MPI_Get_count(&st, MPI_INT, &n);
        T_CHECK(query_calls == 1 && free_calls == 1 && n == 5 &&
                    st.MPI_SOURCE == 123,
                "grequest: query %d free %d count %d", query_calls,
                free_calls, n);
    }
    return t_finish("p2p_requests");
}
