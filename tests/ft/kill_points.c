/* A rank dies at a chosen point of a chosen operation (argv: OP WHEN),
 * under --ft ulfm:
 *   WHEN before   the victim dies instead of calling OP
 *        during   the victim starts OP (its non-blocking form, so its first
 *                 messages are out) and dies
 *        after    the victim completes OP and dies
 * Survivors' OP must return MPI_SUCCESS or MPIX_ERR_PROC_FAILED (ULFM lets
 * it differ between ranks), never hang; then they shrink and run OP again,
 * whose result must be right.  OP is a collective, or "p2p": the victim
 * sends rank 0 a small and a large message, or one of the fault-tolerance
 * operations themselves on a duplicate of WORLD (see ft_op below). */
#include <mpi-ext.h>
#include <signal.h>

#include "t.h"

#define N 64
static int rank, size, victim;

/* Starts (req != NULL) or runs op on comm with inputs from the caller's
 * rank in comm; returns the MPI code. */
static int run(const char *op, MPI_Comm c, int *in, int *out, MPI_Request *req)
{
    int n, r;
    MPI_Comm_size(c, &n);
    MPI_Comm_rank(c, &r);
    int cnt[64], dsp[64];
    MPI_Datatype tys[64];
    for (int i = 0; i < n; i++) {
        cnt[i] = 1;
        dsp[i] = i;
        tys[i] = MPI_INT;
    }
    int wdsp[64];
    for (int i = 0; i < n; i++)
        wdsp[i] = i * (int)sizeof(int);
#define GO(blocking, nb) (req ? (nb) : (blocking))
    if (!strcmp(op, "barrier"))
        return GO(MPI_Barrier(c), MPI_Ibarrier(c, req));
    if (!strcmp(op, "bcast"))
        return GO(MPI_Bcast(in, N, MPI_INT, 0, c),
                  MPI_Ibcast(in, N, MPI_INT, 0, c, req));
    if (!strcmp(op, "reduce"))
        return GO(MPI_Reduce(in, out, N, MPI_INT, MPI_SUM, 0, c),
                  MPI_Ireduce(in, out, N, MPI_INT, MPI_SUM, 0, c, req));
    if (!strcmp(op, "allreduce"))
        return GO(MPI_Allreduce(in, out, N, MPI_INT, MPI_SUM, c),
                  MPI_Iallreduce(in, out, N, MPI_INT, MPI_SUM, c, req));
    if (!strcmp(op, "gather"))
        return GO(MPI_Gather(in, 1, MPI_INT, out, 1, MPI_INT, 0, c),
                  MPI_Igather(in, 1, MPI_INT, out, 1, MPI_INT, 0, c, req));
    if (!strcmp(op, "gatherv"))
        return GO(MPI_Gatherv(in, 1, MPI_INT, out, cnt, dsp, MPI_INT, 0, c),
                  MPI_Igatherv(in, 1, MPI_INT, out, cnt, dsp, MPI_INT, 0, c,
                               req));
    if (!strcmp(op, "scatter"))
        return GO(MPI_Scatter(in, 1, MPI_INT, out, 1, MPI_INT, 0, c),
                  MPI_Iscatter(in, 1, MPI_INT, out, 1, MPI_INT, 0, c, req));
    if (!strcmp(op, "scatterv"))
        return GO(MPI_Scatterv(in, cnt, dsp, MPI_INT, out, 1, MPI_INT, 0, c),
                  MPI_Iscatterv(in, cnt, dsp, MPI_INT, out, 1, MPI_INT, 0, c,
                                req));
    if (!strcmp(op, "allgather"))
        return GO(MPI_Allgather(in, 1, MPI_INT, out, 1, MPI_INT, c),
                  MPI_Iallgather(in, 1, MPI_INT, out, 1, MPI_INT, c, req));
    if (!strcmp(op, "allgatherv"))
        return GO(MPI_Allgatherv(in, 1, MPI_INT, out, cnt, dsp, MPI_INT, c),
                  MPI_Iallgatherv(in, 1, MPI_INT, out, cnt, dsp, MPI_INT, c,
                                  req));
    if (!strcmp(op, "alltoall"))
        return GO(MPI_Alltoall(in, 1, MPI_INT, out, 1, MPI_INT, c),
                  MPI_Ialltoall(in, 1, MPI_INT, out, 1, MPI_INT, c, req));
    if (!strcmp(op, "alltoallv"))
        return GO(MPI_Alltoallv(in, cnt, dsp, MPI_INT, out, cnt, dsp, MPI_INT,
                                c),
                  MPI_Ialltoallv(in, cnt, dsp, MPI_INT, out, cnt, dsp,
                                 MPI_INT, c, req));
    if (!strcmp(op, "alltoallw"))
        return GO(MPI_Alltoallw(in, cnt, wdsp, tys, out, cnt, wdsp, tys, c),
                  MPI_Ialltoallw(in, cnt, wdsp, tys, out, cnt, wdsp, tys, c,
                                 req));
    if (!strcmp(op, "reduce_scatter"))
        return GO(MPI_Reduce_scatter(in, out, cnt, MPI_INT, MPI_SUM, c),
                  MPI_Ireduce_scatter(in, out, cnt, MPI_INT, MPI_SUM, c, req));
    if (!strcmp(op, "reduce_scatter_block"))
        return GO(MPI_Reduce_scatter_block(in, out, 1, MPI_INT, MPI_SUM, c),
                  MPI_Ireduce_scatter_block(in, out, 1, MPI_INT, MPI_SUM, c,
                                            req));
    if (!strcmp(op, "scan"))
        return GO(MPI_Scan(in, out, N, MPI_INT, MPI_SUM, c),
                  MPI_Iscan(in, out, N, MPI_INT, MPI_SUM, c, req));
    if (!strcmp(op, "exscan"))
        return GO(MPI_Exscan(in, out, N, MPI_INT, MPI_SUM, c),
                  MPI_Iexscan(in, out, N, MPI_INT, MPI_SUM, c, req));
    (void)r;
    return -1;
}

/* Checks the result of op on a healthy comm where every rank's input was
 * in[i] = rank_in_comm * 1000 + i. */
static void check(const char *op, MPI_Comm c, const int *in, const int *out)
{
    int n, r;
    MPI_Comm_size(c, &n);
    MPI_Comm_rank(c, &r);
    long sum0 = 0;
    for (int k = 0; k < n; k++)
        sum0 += k * 1000;
    if (!strcmp(op, "bcast"))
        T_CHECK(in[5] == 5, "%s: got %d", op, in[5]);
    else if (!strcmp(op, "allreduce") || (!strcmp(op, "reduce") && r == 0))
        T_CHECK(out[3] == sum0 + 3L * n, "%s: got %d", op, out[3]);
    else if ((!strcmp(op, "gather") || !strcmp(op, "gatherv")) && r == 0)
        for (int k = 0; k < n; k++)
            T_CHECK(out[k] == k * 1000, "%s: block %d = %d", op, k, out[k]);
    else if (!strcmp(op, "scatter") || !strcmp(op, "scatterv"))
        T_CHECK(out[0] == r, "%s: got %d", op, out[0]);
    else if (!strcmp(op, "allgather") || !strcmp(op, "allgatherv"))
        for (int k = 0; k < n; k++)
            T_CHECK(out[k] == k * 1000, "%s: block %d = %d", op, k, out[k]);
    else if (!strncmp(op, "alltoall", 8))
        for (int k = 0; k < n; k++)
            T_CHECK(out[k] == k * 1000 + r, "%s: from %d = %d", op, k,
                    out[k]);
    else if (!strncmp(op, "reduce_scatter", 14))
        T_CHECK(out[0] == sum0 + (long)r * n, "%s: got %d", op, out[0]);
    else if (!strcmp(op, "scan")) {
        long s = 0;
        for (int k = 0; k <= r; k++)
            s += k * 1000 + 2;
        T_CHECK(out[2] == s, "%s: got %d", op, out[2]);
    } else if (!strcmp(op, "exscan") && r > 0) {
        long s = 0;
        for (int k = 0; k < r; k++)
            s += k * 1000 + 2;
        T_CHECK(out[2] == s, "%s: got %d", op, out[2]);
    }
}

static void fill(MPI_Comm c, const char *op, int *in, int *out)
{
    int r;
    MPI_Comm_rank(c, &r);
    for (int i = 0; i < N; i++) {
        in[i] = r * 1000 + i;
        out[i] = -1;
    }
    if (!strcmp(op, "bcast") && r == 0)
        for (int i = 0; i < N; i++)
            in[i] = i;
    if (!strcmp(op, "scatter") || !strcmp(op, "scatterv"))
        for (int i = 0; i < N; i++)
            in[i] = i;
}

/* The recovery operations must survive a death too.  On c, a duplicate
 * of WORLD made while everyone was alive:
 *   revoke  the victim revokes c (during: and dies at once; after: once
 *           its own receive on c saw the revocation); before: rank 0
 *           revokes instead.  Every survivor's receive from a live rank
 *           must end with MPIX_ERR_REVOKED.
 *   agree   every survivor gets the same error class and the same value,
 *           and after acknowledging, the AND of the survivors' flags.
 *   shrink  every survivor gets a communicator, the same size everywhere;
 *           shrinking it again leaves exactly the survivors. */
static void ft_op(const char *op, const char *when, MPI_Comm c)
{
    int before = !strcmp(when, "before"), during = !strcmp(when, "during");
    if (!strcmp(op, "revoke")) {
        int v;
        MPI_Request r;
        if (rank == victim) {
            if (!before) {
                MPI_Irecv(&v, 1, MPI_INT, 0, 7, c, &r);
                MPIX_Comm_revoke(c);
                if (!during)
                    MPI_Wait(&r, MPI_STATUS_IGNORE);
            }
            raise(SIGKILL);
        }
        int rc = MPI_Irecv(&v, 1, MPI_INT, 0, 7, c, &r);
        if (before && rank == 0)
            T_OK(MPIX_Comm_revoke(c));
        if (rc == MPI_SUCCESS)
            rc = MPI_Wait(&r, MPI_STATUS_IGNORE);
        T_ERRCLASS(rc, MPIX_ERR_REVOKED);
        int flag = 0;
        T_OK(MPIX_Comm_is_revoked(c, &flag));
        T_CHECK(flag, "revoke %s: not revoked at rank %d", when, rank);
        T_ERRCLASS(MPI_Barrier(c), MPIX_ERR_REVOKED);
        return;
    }
    if (!strcmp(op, "agree")) {
        int flag = ~(1 << rank);
        if (rank == victim) {
            MPI_Request r;
            if (during)
                MPIX_Comm_iagree(c, &flag, &r);
            else if (!before)
                MPIX_Comm_agree(c, &flag);
            raise(SIGKILL);
        }
        int rc = MPIX_Comm_agree(c, &flag), cls;
        MPI_Error_class(rc, &cls);
        T_CHECK(cls == MPI_SUCCESS || cls == MPIX_ERR_PROC_FAILED,
                "agree %s: class %d", when, cls);
        /* The same outcome everywhere: compare over the survivors. */
        MPI_Comm s;
        T_OK(MPIX_Comm_shrink(c, &s));
        int mine[2] = {cls, flag}, lo[2], hi[2];
        T_OK(MPI_Allreduce(mine, lo, 2, MPI_INT, MPI_MIN, s));
        T_OK(MPI_Allreduce(mine, hi, 2, MPI_INT, MPI_MAX, s));
        T_CHECK(lo[0] == hi[0] && lo[1] == hi[1],
                "agree %s: outcomes differ (class %d..%d, flag %#x..%#x)",
                when, lo[0], hi[0], lo[1], hi[1]);
        MPI_Comm_free(&s);
        /* Acknowledged, the next agreement is clean and counts only the
         * survivors. */
        T_OK(MPIX_Comm_failure_ack(c));
        flag = ~(1 << rank);
        T_OK(MPIX_Comm_agree(c, &flag));
        int want = ~0;
        for (int k = 0; k < size; k++)
            if (k != victim)
                want &= ~(1 << k);
        T_CHECK(flag == want, "agree %s after ack: %#x, expected %#x", when,
                flag, want);
        return;
    }
    /* shrink */
    MPI_Comm s1, s2;
    if (rank == victim) {
        MPI_Request r;
        if (during)
            MPIX_Comm_ishrink(c, &s1, &r);
        else if (!before)
            MPIX_Comm_shrink(c, &s1);
        raise(SIGKILL);
    }
    T_OK(MPIX_Comm_shrink(c, &s1));
    int n1;
    MPI_Comm_size(s1, &n1);
    T_CHECK(n1 == size || n1 == size - 1, "shrink %s: size %d", when, n1);
    T_OK(MPIX_Comm_shrink(s1, &s2));
    int n2, lo, hi;
    MPI_Comm_size(s2, &n2);
    T_CHECK(n2 == size - 1, "shrink %s: second shrink size %d", when, n2);
    T_OK(MPI_Allreduce(&n1, &lo, 1, MPI_INT, MPI_MIN, s2));
    T_OK(MPI_Allreduce(&n1, &hi, 1, MPI_INT, MPI_MAX, s2));
    T_CHECK(lo == hi, "shrink %s: sizes differ (%d..%d)", when, lo, hi);
    MPI_Comm_free(&s2);
    MPI_Comm_free(&s1);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *op = argv[1], *when = argv[2];
    victim = size - 1;
    int in[N], out[N];
    static char big[1 << 20];
    fill(MPI_COMM_WORLD, op, in, out);

    int ftop = !strcmp(op, "revoke") || !strcmp(op, "agree") ||
               !strcmp(op, "shrink");
    if (ftop) {
        MPI_Comm c;
        T_OK(MPI_Comm_dup(MPI_COMM_WORLD, &c));
        MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
        ft_op(op, when, c);
    } else if (!strcmp(op, "p2p")) {
        /* The victim sends rank 0 a small message (buffered: it must still
         * arrive) and then a large one (rendezvous: it cannot). */
        int v = 0;
        if (rank == victim) {
            if (strcmp(when, "before")) {
                int x = 42;
                MPI_Send(&x, 1, MPI_INT, 0, 1, MPI_COMM_WORLD);
                MPI_Request r;
                MPI_Isend(big, sizeof big, MPI_CHAR, 0, 2, MPI_COMM_WORLD, &r);
                if (!strcmp(when, "after"))
                    MPI_Wait(&r, MPI_STATUS_IGNORE);
            }
            raise(SIGKILL);
        }
        if (rank == 0) {
            int rc = MPI_Recv(&v, 1, MPI_INT, victim, 1, MPI_COMM_WORLD,
                              MPI_STATUS_IGNORE);
            if (!strcmp(when, "before"))
                T_ERRCLASS(rc, MPIX_ERR_PROC_FAILED);
            else
                T_CHECK(rc == MPI_SUCCESS && v == 42,
                        "a message sent before the death was lost (%d, %d)",
                        rc, v);
            rc = MPI_Recv(big, sizeof big, MPI_CHAR, victim, 2,
                          MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            int cls;
            MPI_Error_class(rc, &cls);
            T_CHECK(cls == MPI_SUCCESS || cls == MPIX_ERR_PROC_FAILED,
                    "large receive: class %d", cls);
        }
    } else {
        MPI_Request req;
        if (rank == victim) {
            if (!strcmp(when, "during"))
                run(op, MPI_COMM_WORLD, in, out, &req);
            else if (!strcmp(when, "after"))
                run(op, MPI_COMM_WORLD, in, out, NULL);
            raise(SIGKILL);
        }
        int rc = run(op, MPI_COMM_WORLD, in, out, NULL), cls;
        MPI_Error_class(rc, &cls);
        T_CHECK(cls == MPI_SUCCESS || cls == MPIX_ERR_PROC_FAILED,
                "%s %s: class %d", op, when, cls);
        /* Without the victim's contribution no rank's result can be right,
         * except where the result does not depend on it: the rooted
         * operations toward root 0 only need it at the root; from root 0
         * and the prefix reductions (the victim is last) never need it. */
        int needs = !(!strcmp(op, "bcast") || !strcmp(op, "scatter") ||
                      !strcmp(op, "scatterv") || !strcmp(op, "scan") ||
                      !strcmp(op, "exscan"));
        if (!strcmp(op, "reduce") || !strcmp(op, "gather") ||
            !strcmp(op, "gatherv"))
            needs = rank == 0;
        if (!strcmp(when, "before") && needs)
            T_CHECK(cls == MPIX_ERR_PROC_FAILED,
                    "%s succeeded at rank %d without the victim", op, rank);
    }
    /* The survivors carry on: shrink, and the same operation is right. */
    MPI_Comm s;
    T_OK(MPIX_Comm_shrink(MPI_COMM_WORLD, &s));
    MPI_Comm_set_errhandler(s, MPI_ERRORS_RETURN);
    if (strcmp(op, "p2p") && !ftop) {
        fill(s, op, in, out);
        T_OK(run(op, s, in, out, NULL));
        check(op, s, in, out);
    }
    return t_finish_on("kill_points", s);
}
