/* MPI_Comm_free with operations pending: the communicator lives until
 * they complete, and they complete normally; its context id is not given
 * to a new communicator meanwhile.  Persistent requests keep it too, and
 * an error in such a request still reaches the freed communicator's
 * error handler. */
#include "t.h"

enum { BIG = 1 << 18 }; /* above the eager limit: a rendezvous send */

static int handler_calls;
static MPI_Comm handler_comm;

static void count_errors(MPI_Comm *comm, int *code, ...)
{
    (void)code;
    handler_calls++;
    handler_comm = *comm;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    static char out[BIG], in[BIG];

    /* A receive and a large send pending when their communicator is
     * freed; a new communicator made meanwhile keeps its traffic apart. */
    for (int round = 0; round < 10; round++) {
        MPI_Comm c, c2;
        MPI_Comm_dup(MPI_COMM_WORLD, &c);
        memset(out, rank + round, sizeof out);
        memset(in, 0xff, sizeof in);
        MPI_Request r[2];
        T_OK(MPI_Irecv(in, BIG, MPI_CHAR, prev, 1, c, &r[0]));
        T_OK(MPI_Isend(out, BIG, MPI_CHAR, next, 1, c, &r[1]));
        T_OK(MPI_Comm_free(&c));
        T_CHECK(c == MPI_COMM_NULL, "handle not reset");
        T_OK(MPI_Comm_dup(MPI_COMM_WORLD, &c2));
        int x = -1;
        T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, next, 1, &x, 1, MPI_INT, prev, 1,
                          c2, MPI_STATUS_IGNORE));
        T_CHECK(x == prev, "round %d: new communicator got %d", round, x);
        MPI_Status st[2];
        T_OK(MPI_Waitall(2, r, st));
        T_CHECK(st[0].MPI_SOURCE == prev, "source %d", st[0].MPI_SOURCE);
        T_CHECK(in[0] == (char)(prev + round) &&
                    in[BIG - 1] == (char)(prev + round),
                "round %d: data %d", round, in[0]);
        MPI_Comm_free(&c2);
    }

    /* Persistent requests keep the communicator. */
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    int val = -1;
    MPI_Request pr[2];
    T_OK(MPI_Recv_init(&val, 1, MPI_INT, prev, 9, c, &pr[0]));
    T_OK(MPI_Send_init(&rank, 1, MPI_INT, next, 9, c, &pr[1]));
    T_OK(MPI_Comm_free(&c));
    for (int i = 0; i < 3; i++) {
        val = -1;
        T_OK(MPI_Startall(2, pr));
        T_OK(MPI_Waitall(2, pr, MPI_STATUSES_IGNORE));
        T_CHECK(val == prev, "persistent round %d got %d", i, val);
    }
    T_OK(MPI_Request_free(&pr[0]));
    T_OK(MPI_Request_free(&pr[1]));

    /* An intercommunicator (and its hidden local communicator) freed
     * with receives pending. */
    if (size >= 2) {
        int a = rank < size / 2;
        MPI_Comm half, inter;
        MPI_Comm_split(MPI_COMM_WORLD, a, rank, &half);
        T_OK(MPI_Intercomm_create(half, 0, MPI_COMM_WORLD, a ? size / 2 : 0,
                                  5, &inter));
        int lr, x = -1;
        MPI_Comm_rank(inter, &lr);
        MPI_Request q;
        T_OK(MPI_Irecv(&x, 1, MPI_INT, 0, 4, inter, &q));
        if (lr == 0) {
            int rs;
            MPI_Comm_remote_size(inter, &rs);
            for (int i = 0; i < rs; i++)
                T_OK(MPI_Send(&rank, 1, MPI_INT, i, 4, inter));
        }
        T_OK(MPI_Comm_free(&inter));
        T_OK(MPI_Wait(&q, MPI_STATUS_IGNORE));
        T_CHECK(x == (a ? size / 2 : 0), "inter: got %d", x);
        MPI_Comm_free(&half);
    }

    /* An error in a request whose communicator was freed goes to that
     * communicator's handler. */
    MPI_Errhandler eh;
    MPI_Comm_create_errhandler(count_errors, &eh);
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_set_errhandler(c, eh);
    MPI_Errhandler_free(&eh);
    char small;
    int four[4] = {1, 2, 3, 4};
    MPI_Request rr;
    T_OK(MPI_Irecv(&small, 1, MPI_CHAR, rank, 6, c, &rr));
    T_OK(MPI_Send(four, 4, MPI_INT, rank, 6, c)); /* truncated */
    MPI_Comm freed = c;
    T_OK(MPI_Comm_free(&c));
    int rc = MPI_Wait(&rr, MPI_STATUS_IGNORE), cls = -1;
    MPI_Error_class(rc, &cls);
    T_CHECK(cls == MPI_ERR_TRUNCATE, "class %d", cls);
    T_CHECK(handler_calls == 1 && handler_comm == freed,
            "handler called %d times", handler_calls);

    return t_finish("comm_free_pending");
}
