/* Communicator constructors: compare, create (members and non-members),
 * create_group (collective over the group only, concurrent calls told
 * apart by tag), idup, dup_with_info and hints. */
#include "t.h"

static int rank, size;

/* A ring over comm: everyone sends its world rank to the next. */
static void ring(MPI_Comm comm, const char *what)
{
    int r, s;
    MPI_Comm_rank(comm, &r);
    MPI_Comm_size(comm, &s);
    int got = -1, prev = (r + s - 1) % s;
    T_OK(MPI_Sendrecv(&rank, 1, MPI_INT, (r + 1) % s, 5, &got, 1, MPI_INT,
                      prev, 5, comm, MPI_STATUS_IGNORE));
    MPI_Group g, w;
    MPI_Comm_group(comm, &g);
    MPI_Comm_group(MPI_COMM_WORLD, &w);
    int want;
    MPI_Group_translate_ranks(g, 1, &prev, w, &want);
    T_CHECK(got == want, "%s: ring got %d, expected %d", what, got, want);
    MPI_Group_free(&g);
    MPI_Group_free(&w);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Group world;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int r;

    /* Compare. */
    MPI_Comm dup, rev, half;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_split(MPI_COMM_WORLD, 0, -rank, &rev);
    MPI_Comm_split(MPI_COMM_WORLD, rank < (size + 1) / 2, rank, &half);
    T_OK(MPI_Comm_compare(MPI_COMM_WORLD, MPI_COMM_WORLD, &r));
    T_CHECK(r == MPI_IDENT, "world/world %d", r);
    T_OK(MPI_Comm_compare(MPI_COMM_WORLD, dup, &r));
    T_CHECK(r == MPI_CONGRUENT, "world/dup %d", r);
    T_OK(MPI_Comm_compare(rev, MPI_COMM_WORLD, &r));
    T_CHECK(r == (size > 1 ? MPI_SIMILAR : MPI_CONGRUENT), "world/rev %d", r);
    T_OK(MPI_Comm_compare(half, MPI_COMM_WORLD, &r));
    T_CHECK(r == (size > 1 ? MPI_UNEQUAL : MPI_CONGRUENT), "world/half %d",
            r);
    T_OK(MPI_Comm_compare(MPI_COMM_SELF, MPI_COMM_WORLD, &r));
    T_CHECK(r == (size > 1 ? MPI_UNEQUAL : MPI_CONGRUENT), "self/world %d",
            r);

    /* Create over the even ranks: odd ones get MPI_COMM_NULL. */
    int ev[64], nev = 0;
    for (int i = 0; i < size; i += 2)
        ev[nev++] = i;
    MPI_Group evens;
    MPI_Group_incl(world, nev, ev, &evens);
    MPI_Comm ce = MPI_COMM_WORLD;
    T_OK(MPI_Comm_create(MPI_COMM_WORLD, evens, &ce));
    T_CHECK((ce == MPI_COMM_NULL) == (rank % 2 == 1), "create: null %d",
            ce == MPI_COMM_NULL);
    if (ce != MPI_COMM_NULL) {
        int cr, cs;
        MPI_Comm_rank(ce, &cr);
        MPI_Comm_size(ce, &cs);
        T_CHECK(cr == rank / 2 && cs == nev, "create: rank %d size %d", cr,
                cs);
        ring(ce, "create");
        T_OK(MPI_Comm_free(&ce));
    }
    /* Create over a subset of a split communicator, reversed. */
    MPI_Group hg, hrev;
    MPI_Comm_group(half, &hg);
    int hs;
    MPI_Group_size(hg, &hs);
    int hr_ranks[64];
    for (int i = 0; i < hs; i++)
        hr_ranks[i] = hs - 1 - i;
    MPI_Group_incl(hg, hs, hr_ranks, &hrev);
    MPI_Comm ch;
    T_OK(MPI_Comm_create(half, hrev, &ch));
    T_OK(MPI_Comm_compare(ch, half, &r));
    T_CHECK(r == (hs > 1 ? MPI_SIMILAR : MPI_CONGRUENT), "half/rev %d", r);
    ring(ch, "create on half");
    MPI_Comm_free(&ch);
    /* The empty group: nobody gets a communicator. */
    MPI_Comm none = MPI_COMM_WORLD;
    T_OK(MPI_Comm_create(MPI_COMM_WORLD, MPI_GROUP_EMPTY, &none));
    T_CHECK(none == MPI_COMM_NULL, "create with the empty group");

    /* create_group: evens and odds at the same time with different tags;
     * neither waits for the other. */
    MPI_Group odds;
    MPI_Group_excl(world, nev, ev, &odds);
    MPI_Comm cg = MPI_COMM_NULL;
    if (rank % 2 == 0)
        T_OK(MPI_Comm_create_group(MPI_COMM_WORLD, evens, 1, &cg));
    else
        T_OK(MPI_Comm_create_group(MPI_COMM_WORLD, odds, 2, &cg));
    T_CHECK(cg != MPI_COMM_NULL, "create_group gave MPI_COMM_NULL");
    ring(cg, "create_group");
    int cs;
    MPI_Comm_size(cg, &cs);
    T_CHECK(cs == (rank % 2 ? size - nev : nev), "create_group size %d", cs);
    MPI_Comm_free(&cg);
    /* Only the first process of the world, with another rank's help
     * pending on the same tag space: a non-member returns at once. */
    MPI_Group first;
    MPI_Group_incl(world, 1, (int[]){0}, &first);
    T_OK(MPI_Comm_create_group(MPI_COMM_WORLD, first, 0, &cg));
    T_CHECK((cg == MPI_COMM_NULL) == (rank != 0), "create_group of rank 0");
    if (cg != MPI_COMM_NULL)
        MPI_Comm_free(&cg);
    /* The whole world reversed, with the largest tag. */
    int rv[64];
    for (int i = 0; i < size; i++)
        rv[i] = size - 1 - i;
    MPI_Group wrev;
    MPI_Group_incl(world, size, rv, &wrev);
    T_OK(MPI_Comm_create_group(MPI_COMM_WORLD, wrev, 0x7fffffff, &cg));
    int cr;
    MPI_Comm_rank(cg, &cr);
    T_CHECK(cr == size - 1 - rank, "create_group reversed: rank %d", cr);
    ring(cg, "create_group reversed");
    /* And from a communicator that is itself a product of create_group. */
    MPI_Comm cg2;
    T_OK(MPI_Comm_create_group(cg, wrev, 3, &cg2));
    ring(cg2, "create_group of create_group");
    MPI_Comm_free(&cg2);
    MPI_Comm_free(&cg);

    /* idup: a real request, complete at once or later. */
    MPI_Comm id = MPI_COMM_NULL;
    MPI_Request req = MPI_REQUEST_NULL;
    T_OK(MPI_Comm_idup(half, &id, &req));
    T_CHECK(req != MPI_REQUEST_NULL, "idup gave MPI_REQUEST_NULL");
    int flag = 0;
    MPI_Status st;
    T_OK(MPI_Test(&req, &flag, &st));
    if (!flag)
        T_OK(MPI_Wait(&req, &st));
    T_CHECK(req == MPI_REQUEST_NULL, "request not freed");
    T_OK(MPI_Comm_compare(id, half, &r));
    T_CHECK(r == MPI_CONGRUENT, "idup compare %d", r);
    ring(id, "idup");
    MPI_Comm_free(&id);
    MPI_Request reqs[2];
    MPI_Comm ids[2];
    T_OK(MPI_Comm_idup(MPI_COMM_WORLD, &ids[0], &reqs[0]));
    T_OK(MPI_Comm_idup(MPI_COMM_WORLD, &ids[1], &reqs[1]));
    T_OK(MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE));
    ring(ids[1], "idup 2");
    ring(ids[0], "idup 1");
    MPI_Comm_free(&ids[0]);
    MPI_Comm_free(&ids[1]);

    /* Hints: set, get (a copy), dup keeps them, dup_with_info replaces
     * them. */
    MPI_Info info, got;
    MPI_Info_create(&info);
    MPI_Info_set(info, "mpi_assert_no_any_tag", "true");
    MPI_Info_set(info, "ftmpi_test_hint", "a");
    T_OK(MPI_Comm_set_info(dup, info));
    T_OK(MPI_Comm_get_info(dup, &got));
    char v[64];
    int nk;
    MPI_Info_get_nkeys(got, &nk);
    MPI_Info_get(got, "ftmpi_test_hint", 63, v, &flag);
    T_CHECK(nk == 2 && flag && strcmp(v, "a") == 0, "get_info: %d keys", nk);
    MPI_Info_free(&got);
    MPI_Comm d2;
    T_OK(MPI_Comm_dup(dup, &d2));
    MPI_Comm_get_info(d2, &got);
    MPI_Info_get(got, "ftmpi_test_hint", 63, v, &flag);
    T_CHECK(flag, "dup lost the hints");
    MPI_Info_free(&got);
    MPI_Comm_free(&d2);
    MPI_Info_set(info, "ftmpi_test_hint", "b");
    T_OK(MPI_Comm_dup_with_info(dup, info, &d2));
    MPI_Comm_get_info(d2, &got);
    MPI_Info_get(got, "ftmpi_test_hint", 63, v, &flag);
    T_CHECK(flag && strcmp(v, "b") == 0, "dup_with_info: '%s'", v);
    MPI_Info_free(&got);
    T_OK(MPI_Comm_compare(d2, dup, &r));
    T_CHECK(r == MPI_CONGRUENT, "dup_with_info compare %d", r);
    ring(d2, "dup_with_info");
    MPI_Comm_free(&d2);
    T_OK(MPI_Comm_dup_with_info(dup, MPI_INFO_NULL, &d2));
    MPI_Comm_get_info(d2, &got);
    MPI_Info_get_nkeys(got, &nk);
    T_CHECK(nk == 0, "dup_with_info(MPI_INFO_NULL) kept %d hints", nk);
    MPI_Info_free(&got);
    MPI_Comm_free(&d2);
    /* set_info merges: an old key keeps its value. */
    MPI_Info i2;
    MPI_Info_create(&i2);
    MPI_Info_set(i2, "other", "x");
    T_OK(MPI_Comm_set_info(dup, i2));
    MPI_Comm_get_info(dup, &got);
    MPI_Info_get_nkeys(got, &nk);
    T_CHECK(nk == 3, "set_info twice: %d keys", nk);
    MPI_Info_free(&got);
    MPI_Info_free(&i2);
    MPI_Comm_get_info(MPI_COMM_WORLD, &got);
    MPI_Info_get_nkeys(got, &nk);
    T_CHECK(nk == 0, "world has %d hints", nk);
    MPI_Info_free(&got);
    MPI_Info_free(&info);

    int inter = 1;
    T_OK(MPI_Comm_test_inter(MPI_COMM_WORLD, &inter));
    T_CHECK(inter == 0, "world is an intercommunicator");
    int topo = 0;
    T_OK(MPI_Topo_test(MPI_COMM_WORLD, &topo));
    T_CHECK(topo == MPI_UNDEFINED, "topo_test %d", topo);

    MPI_Group_free(&first);
    MPI_Group_free(&wrev);
    MPI_Group_free(&odds);
    MPI_Group_free(&evens);
    MPI_Group_free(&hg);
    MPI_Group_free(&hrev);
    MPI_Group_free(&world);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&rev);
    MPI_Comm_free(&half);
    return t_finish("comm_create");
}
