/* Send modes and probes: Ssend completes only once matched, Bsend with an
 * attached buffer, Rsend, Sendrecv(_replace), Probe/Iprobe/Mprobe/Mrecv,
 * cancelling a receive. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int peer = rank ^ 1;
    if (peer >= size)
        peer = MPI_PROC_NULL;

    /* Issend stays incomplete until the receive is posted; the receiver
     * posts it only after a go-ahead sent after we looked. */
    if (rank < 2 && size >= 2) {
        int v = 77, go = 1;
        if (rank == 0) {
            MPI_Request r;
            T_OK(MPI_Issend(&v, 1, MPI_INT, 1, 5, MPI_COMM_WORLD, &r));
            int flag = 0;
            for (int i = 0; i < 1000 && !flag; i++)
                MPI_Test(&r, &flag, MPI_STATUS_IGNORE);
            T_CHECK(!flag, "Issend completed before the receive was posted");
            T_OK(MPI_Send(&go, 1, MPI_INT, 1, 6, MPI_COMM_WORLD));
            T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
        } else {
            T_OK(MPI_Recv(&go, 1, MPI_INT, 0, 6, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            T_OK(MPI_Recv(&v, 1, MPI_INT, 0, 5, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            T_CHECK(v == 77, "ssend data %d", v);
        }
        /* Blocking Ssend of a large message too. */
        static char big[200000];
        if (rank == 0) {
            memset(big, 3, sizeof big);
            T_OK(MPI_Ssend(big, sizeof big, MPI_CHAR, 1, 7, MPI_COMM_WORLD));
        } else {
            T_OK(MPI_Recv(big, sizeof big, MPI_CHAR, 0, 7, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            T_CHECK(big[199999] == 3, "large ssend data");
        }
    }

    /* Bsend: many messages into an attached buffer, then detach. */
    {
        int bufsize = 10 * (100 * (int)sizeof(int) + MPI_BSEND_OVERHEAD);
        void *buf = malloc(bufsize);
        T_OK(MPI_Buffer_attach(buf, bufsize));
        int data[100];
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 100; i++)
                data[i] = k * 100 + i;
            T_OK(MPI_Bsend(data, 100, MPI_INT, peer, 20 + k, MPI_COMM_WORLD));
        }
        for (int k = 0; k < 10 && peer != MPI_PROC_NULL; k++) {
            T_OK(MPI_Recv(data, 100, MPI_INT, peer, 20 + k, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            T_CHECK(data[99] == k * 100 + 99, "bsend %d data %d", k, data[99]);
        }
        void *back;
        int backsize;
        T_OK(MPI_Buffer_detach(&back, &backsize));
        T_CHECK(back == buf && backsize == bufsize, "detach gave back %p/%d",
                back, backsize);
        free(buf);
    }

    /* Sendrecv and Sendrecv_replace around the ring. */
    {
        int next = (rank + 1) % size, prev = (rank + size - 1) % size;
        int out = rank, in = -1;
        MPI_Status st;
        T_OK(MPI_Sendrecv(&out, 1, MPI_INT, next, 30, &in, 1, MPI_INT, prev,
                          30, MPI_COMM_WORLD, &st));
        T_CHECK(in == prev && st.MPI_SOURCE == prev, "sendrecv got %d", in);
        int v[1000];
        for (int i = 0; i < 1000; i++)
            v[i] = rank + i;
        T_OK(MPI_Sendrecv_replace(v, 1000, MPI_INT, next, 31, prev, 31,
                                  MPI_COMM_WORLD, &st));
        T_CHECK(v[0] == prev && v[999] == prev + 999,
                "sendrecv_replace got %d", v[0]);
    }

    /* Probe, Iprobe, Mprobe/Mrecv, Improbe/Imrecv. */
    if (peer != MPI_PROC_NULL) {
        int a[3] = {1, 2, 3};
        T_OK(MPI_Send(a, 3, MPI_INT, peer, 40, MPI_COMM_WORLD));
        T_OK(MPI_Send(a, 2, MPI_INT, peer, 41, MPI_COMM_WORLD));
        MPI_Status st;
        T_OK(MPI_Probe(peer, 40, MPI_COMM_WORLD, &st));
        int n;
        MPI_Get_count(&st, MPI_INT, &n);
        T_CHECK(n == 3 && st.MPI_TAG == 40, "probe count %d", n);
        int b[3] = {0};
        T_OK(MPI_Recv(b, 3, MPI_INT, peer, 40, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
        MPI_Message m;
        T_OK(MPI_Mprobe(peer, MPI_ANY_TAG, MPI_COMM_WORLD, &m, &st));
        T_CHECK(st.MPI_TAG == 41, "mprobe tag %d", st.MPI_TAG);
        T_OK(MPI_Mrecv(b, 3, MPI_INT, &m, &st));
        T_CHECK(m == MPI_MESSAGE_NULL && b[1] == 2, "mrecv");
        int flag = 1;
        T_OK(MPI_Iprobe(peer, 42, MPI_COMM_WORLD, &flag, &st));
        T_CHECK(!flag, "iprobe found a message that was never sent");
        T_OK(MPI_Send(a, 1, MPI_INT, peer, 43, MPI_COMM_WORLD));
        flag = 0;
        while (!flag)
            T_OK(MPI_Improbe(peer, 43, MPI_COMM_WORLD, &flag, &m, &st));
        MPI_Request r;
        T_OK(MPI_Imrecv(b, 1, MPI_INT, &m, &r));
        T_OK(MPI_Wait(&r, &st));
        T_CHECK(b[0] == 1 && st.MPI_TAG == 43, "imrecv");
    }

    /* A receive nobody matches can be cancelled. */
    {
        int x;
        MPI_Request r;
        MPI_Status st;
        T_OK(MPI_Irecv(&x, 1, MPI_INT, MPI_ANY_SOURCE, 999, MPI_COMM_WORLD,
                       &r));
        T_OK(MPI_Cancel(&r));
        T_OK(MPI_Wait(&r, &st));
        int c = 0;
        MPI_Test_cancelled(&st, &c);
        T_CHECK(c, "receive not cancelled");
    }

    /* Rsend after the receiver says it posted. */
    if (rank < 2 && size >= 2) {
        int v = 0, ready = 0;
        if (rank == 1) {
            MPI_Request r;
            T_OK(MPI_Irecv(&v, 1, MPI_INT, 0, 50, MPI_COMM_WORLD, &r));
            T_OK(MPI_Send(&ready, 1, MPI_INT, 0, 51, MPI_COMM_WORLD));
            T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
            T_CHECK(v == 5, "rsend data %d", v);
        } else {
            T_OK(MPI_Recv(&ready, 1, MPI_INT, 1, 51, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
            v = 5;
            T_OK(MPI_Rsend(&v, 1, MPI_INT, 1, 50, MPI_COMM_WORLD));
        }
    }
    return t_finish("p2p_modes");
}
