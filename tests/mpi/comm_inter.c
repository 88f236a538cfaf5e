/* Intercommunicators: create from two halves of the world (and from an
 * interleaved split), queries, point-to-point naming the remote group,
 * dup, compare, split, create, merge in both orders, free. */
#include <stdbool.h>

#include "t.h"

static int rank, size;

/* World ranks of the members of comm's remote group. */
static void remote_world_ranks(MPI_Comm inter, int *out, int *n)
{
    MPI_Group rg, w;
    MPI_Comm_remote_group(inter, &rg);
    MPI_Comm_group(MPI_COMM_WORLD, &w);
    MPI_Group_size(rg, n);
    int idx[64];
    for (int i = 0; i < *n; i++)
        idx[i] = i;
    MPI_Group_translate_ranks(rg, *n, idx, w, out);
    MPI_Group_free(&rg);
    MPI_Group_free(&w);
}

/* Everyone sends its world rank to every remote rank (tag: its local
 * rank), then receives one message from each remote rank by wildcard and
 * checks source and content. */
static void all_to_remote(MPI_Comm inter, const char *what)
{
    int lr, rs, rwr[64], n;
    MPI_Comm_rank(inter, &lr);
    MPI_Comm_remote_size(inter, &rs);
    remote_world_ranks(inter, rwr, &n);
    T_CHECK(n == rs, "%s: remote group size %d vs %d", what, n, rs);
    MPI_Request reqs[64];
    for (int i = 0; i < rs; i++)
        T_OK(MPI_Isend(&rank, 1, MPI_INT, i, lr, inter, &reqs[i]));
    for (int i = 0; i < rs; i++) {
        int v = -1;
        MPI_Status st;
        T_OK(MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, inter,
                      &st));
        T_CHECK(st.MPI_SOURCE >= 0 && st.MPI_SOURCE < rs &&
                    st.MPI_TAG == st.MPI_SOURCE && v == rwr[st.MPI_SOURCE],
                "%s: got %d from source %d tag %d", what, v, st.MPI_SOURCE,
                st.MPI_TAG);
    }
    T_OK(MPI_Waitall(rs, reqs, MPI_STATUSES_IGNORE));
}

/* Checks that the intracommunicator c lists the world ranks want. */
static void check_order(MPI_Comm c, const int *want, int n, const char *what)
{
    MPI_Group g, w;
    MPI_Comm_group(c, &g);
    MPI_Comm_group(MPI_COMM_WORLD, &w);
    int s, idx[64], wr[64];
    MPI_Group_size(g, &s);
    T_CHECK(s == n, "%s: size %d, expected %d", what, s, n);
    for (int i = 0; i < s && i < n; i++)
        idx[i] = i;
    MPI_Group_translate_ranks(g, s < n ? s : n, idx, w, wr);
    for (int i = 0; i < s && i < n; i++)
        T_CHECK(wr[i] == want[i], "%s: member %d is %d, expected %d", what,
                i, wr[i], want[i]);
    MPI_Group_free(&g);
    MPI_Group_free(&w);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int h = size / 2; /* side A: world ranks 0..h-1, side B: h..size-1 */
    bool a = rank < h;
    int lsize = a ? h : size - h, rsize = size - lsize;

    MPI_Comm half, inter;
    MPI_Comm_split(MPI_COMM_WORLD, a, rank, &half);
    T_OK(MPI_Intercomm_create(half, 0, MPI_COMM_WORLD, a ? h : 0, 17,
                              &inter));
    int flag = 0, n, r;
    T_OK(MPI_Comm_test_inter(inter, &flag));
    T_CHECK(flag, "test_inter says intra");
    T_OK(MPI_Comm_size(inter, &n));
    T_CHECK(n == lsize, "local size %d", n);
    T_OK(MPI_Comm_rank(inter, &n));
    T_CHECK(n == (a ? rank : rank - h), "local rank %d", n);
    T_OK(MPI_Comm_remote_size(inter, &n));
    T_CHECK(n == rsize, "remote size %d", n);
    int rwr[64];
    remote_world_ranks(inter, rwr, &n);
    for (int i = 0; i < n; i++)
        T_CHECK(rwr[i] == (a ? h + i : i), "remote member %d is %d", i,
                rwr[i]);
    MPI_Group lg, hg;
    MPI_Comm_group(inter, &lg);
    MPI_Comm_group(half, &hg);
    MPI_Group_compare(lg, hg, &r);
    T_CHECK(r == MPI_IDENT, "local group differs from half: %d", r);
    MPI_Group_free(&lg);
    MPI_Group_free(&hg);
    /* Same tag on the intercommunicator and on the world: apart.  (Before
     * any wildcard receive on inter, which could take these.) */
    if (rank == 0 || rank == h) {
        int other = rank == 0 ? h : 0, x = -1, y = -1;
        MPI_Request rq;
        MPI_Isend(&rank, 1, MPI_INT, other, 999, MPI_COMM_WORLD, &rq);
        int v2 = rank + 1000;
        T_OK(MPI_Send(&v2, 1, MPI_INT, 0, 999, inter));
        T_OK(MPI_Recv(&x, 1, MPI_INT, 0, 999, inter, MPI_STATUS_IGNORE));
        T_OK(MPI_Recv(&y, 1, MPI_INT, other, 999, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
        MPI_Wait(&rq, MPI_STATUS_IGNORE);
        T_CHECK(x == other + 1000 && y == other, "crossed: %d %d", x, y);
    }

    all_to_remote(inter, "inter");

    /* Dup and compare. */
    MPI_Comm d;
    T_OK(MPI_Comm_dup(inter, &d));
    T_OK(MPI_Comm_compare(inter, d, &r));
    T_CHECK(r == MPI_CONGRUENT, "inter/dup %d", r);
    T_OK(MPI_Comm_compare(inter, MPI_COMM_WORLD, &r));
    T_CHECK(r == MPI_UNEQUAL, "inter/world %d", r);
    T_OK(MPI_Comm_compare(inter, half, &r));
    T_CHECK(r == MPI_UNEQUAL, "inter/half %d", r);
    T_OK(MPI_Comm_test_inter(d, &flag));
    T_CHECK(flag, "dup of an intercommunicator is intra");
    all_to_remote(d, "dup");

    /* Merge: A low, B high puts A first; the other way round puts B
     * first; both the same puts the group with world rank 0 first. */
    MPI_Comm m;
    int order[64];
    for (int i = 0; i < size; i++)
        order[i] = i;
    T_OK(MPI_Intercomm_merge(inter, !a, &m));
    T_OK(MPI_Comm_test_inter(m, &flag));
    T_CHECK(!flag, "merge gave an intercommunicator");
    check_order(m, order, size, "merge A low");
    MPI_Comm_free(&m);
    for (int i = 0; i < size; i++)
        order[i] = i < size - h ? h + i : i - (size - h);
    T_OK(MPI_Intercomm_merge(d, a, &m));
    check_order(m, order, size, "merge B low");
    /* The merged communicator works: a ring over it. */
    int mr, ms, got = -1;
    MPI_Comm_rank(m, &mr);
    MPI_Comm_size(m, &ms);
    T_OK(MPI_Sendrecv(&mr, 1, MPI_INT, (mr + 1) % ms, 0, &got, 1, MPI_INT,
                      (mr + ms - 1) % ms, 0, m, MPI_STATUS_IGNORE));
    T_CHECK(got == (mr + ms - 1) % ms, "ring on merged: %d", got);
    MPI_Comm_free(&m);
    for (int i = 0; i < size; i++)
        order[i] = i;
    T_OK(MPI_Intercomm_merge(inter, 1, &m));
    check_order(m, order, size, "merge both high");
    MPI_Comm_free(&m);

    /* Split: by parity of the local rank; a color only one side has gives
     * MPI_COMM_NULL. */
    int lr;
    MPI_Comm_rank(inter, &lr);
    MPI_Comm s;
    T_OK(MPI_Comm_split(inter, lr % 2, -lr, &s));
    int rodd = rsize / 2, reven = rsize - rodd;
    int same = lr % 2 ? rodd : reven;
    T_CHECK((s == MPI_COMM_NULL) == (same == 0), "split: null %d",
            s == MPI_COMM_NULL);
    if (s != MPI_COMM_NULL) {
        T_OK(MPI_Comm_remote_size(s, &n));
        T_CHECK(n == same, "split remote size %d, expected %d", n, same);
        T_OK(MPI_Comm_rank(s, &n));
        int lodd = lsize / 2, mine = lr % 2 ? lodd : lsize - lodd;
        T_CHECK(n == mine - 1 - lr / 2, "split rank %d", n);
        all_to_remote(s, "split");
        MPI_Comm_free(&s);
    }
    T_OK(MPI_Comm_split(inter, a ? MPI_UNDEFINED : 0, 0, &s));
    T_CHECK(s == MPI_COMM_NULL, "split with one side undefined");

    /* Create: side A keeps only its first member, side B everybody. */
    MPI_Group ig, sub;
    MPI_Comm_group(inter, &ig);
    if (a)
        MPI_Group_incl(ig, 1, (int[]){0}, &sub);
    else
        MPI_Group_excl(ig, 0, NULL, &sub);
    MPI_Comm c;
    T_OK(MPI_Comm_create(inter, sub, &c));
    T_CHECK((c == MPI_COMM_NULL) == (a && rank != 0), "create: null %d",
            c == MPI_COMM_NULL);
    if (c != MPI_COMM_NULL) {
        T_OK(MPI_Comm_remote_size(c, &n));
        T_CHECK(n == (a ? rsize : 1), "create remote size %d", n);
        all_to_remote(c, "create");
        MPI_Comm_free(&c);
    }
    MPI_Group_free(&sub);
    /* Side A passes the empty group: nobody gets a communicator. */
    T_OK(MPI_Comm_create(inter, a ? MPI_GROUP_EMPTY : ig, &c));
    T_CHECK(c == MPI_COMM_NULL, "create with one side empty");
    MPI_Group_free(&ig);

    /* Interleaved groups, leaders that are not rank 0 of their group, a
     * peer communicator that is not the world. */
    MPI_Comm par, inter2, peer;
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &par);
    MPI_Comm_dup(MPI_COMM_WORLD, &peer);
    int psize;
    MPI_Comm_size(par, &psize);
    int lead = psize - 1; /* the last member of each parity */
    int my_leader_world = (rank % 2) + 2 * lead;
    int other_parity = 1 - rank % 2;
    int other_count = other_parity ? size / 2 : (size + 1) / 2;
    int remote_leader_world = other_parity + 2 * (other_count - 1);
    (void)my_leader_world;
    T_OK(MPI_Intercomm_create(par, lead, peer, remote_leader_world,
                              0x7fffffff, &inter2));
    T_OK(MPI_Comm_remote_size(inter2, &n));
    T_CHECK(n == other_count, "interleaved remote size %d", n);
    all_to_remote(inter2, "interleaved");
    /* A leader's tag on the peer communicator does not disturb the user's
     * traffic there. */
    MPI_Comm_free(&inter2);
    MPI_Comm_free(&peer);
    MPI_Comm_free(&par);

    MPI_Comm_free(&d);
    T_OK(MPI_Comm_free(&inter));
    T_CHECK(inter == MPI_COMM_NULL, "free did not reset the handle");
    MPI_Comm_free(&half);
    return t_finish("comm_inter");
}
