/* Groups: the group of a communicator, rank translation, comparison, set
 * operations in the standard's orders, incl/excl and their range forms,
 * the empty group, and freeing. */
#include "t.h"

static int size, rank;

/* Checks that g holds the world ranks want[0..n-1], in that order. */
static void check_members(MPI_Group g, int n, const int *want,
                          const char *what)
{
    MPI_Group world;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int gs = -1;
    T_OK(MPI_Group_size(g, &gs));
    T_CHECK(gs == n, "%s: size %d, expected %d", what, gs, n);
    if (gs == n && n > 0) {
        int idx[64], wr[64];
        for (int i = 0; i < n; i++)
            idx[i] = i;
        T_OK(MPI_Group_translate_ranks(g, n, idx, world, wr));
        for (int i = 0; i < n; i++)
            T_CHECK(wr[i] == want[i], "%s: member %d is %d, expected %d",
                    what, i, wr[i], want[i]);
    }
    /* The rank says where this process is. */
    int me = MPI_UNDEFINED, gr;
    for (int i = 0; i < n; i++)
        if (want[i] == rank)
            me = i;
    T_OK(MPI_Group_rank(g, &gr));
    T_CHECK(gr == me, "%s: rank %d, expected %d", what, gr, me);
    MPI_Group_free(&world);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    MPI_Group world, world2;
    T_OK(MPI_Comm_group(MPI_COMM_WORLD, &world));
    T_OK(MPI_Comm_group(MPI_COMM_WORLD, &world2));
    int all[64], n = 0;
    for (int i = 0; i < size; i++)
        all[i] = i;
    check_members(world, size, all, "world");
    int r;
    T_OK(MPI_Group_compare(world, world2, &r));
    T_CHECK(r == MPI_IDENT, "world vs world: %d", r);

    /* Reversed world: similar to world. */
    int rev[64];
    for (int i = 0; i < size; i++)
        rev[i] = size - 1 - i;
    MPI_Group reversed;
    T_OK(MPI_Group_incl(world, size, rev, &reversed));
    check_members(reversed, size, rev, "reversed");
    T_OK(MPI_Group_compare(world, reversed, &r));
    T_CHECK(r == (size > 1 ? MPI_SIMILAR : MPI_IDENT), "reversed: %d", r);

    /* Translation: PROC_NULL passes, absent members are undefined. */
    MPI_Group evens;
    int ev[64], nev = 0;
    for (int i = 0; i < size; i += 2)
        ev[nev++] = i;
    T_OK(MPI_Group_incl(world, nev, ev, &evens));
    int in[3] = {MPI_PROC_NULL, size - 1, 0}, out[3];
    T_OK(MPI_Group_translate_ranks(world, 3, in, evens, out));
    T_CHECK(out[0] == MPI_PROC_NULL, "PROC_NULL became %d", out[0]);
    T_CHECK(out[1] == ((size - 1) % 2 ? MPI_UNDEFINED : (size - 1) / 2),
            "last rank became %d", out[1]);
    T_CHECK(out[2] == 0, "rank 0 became %d", out[2]);
    T_OK(MPI_Group_translate_ranks(world, 0, NULL, evens, NULL));
    T_OK(MPI_Group_compare(world, evens, &r));
    T_CHECK(r == (size > 1 ? MPI_UNEQUAL : MPI_IDENT), "evens: %d", r);

    /* Set operations.  a = ranks 0..h-1 backwards, b = odds. */
    int h = (size + 1) / 2, a_r[64], b_r[64], nb = 0;
    for (int i = 0; i < h; i++)
        a_r[i] = h - 1 - i;
    for (int i = 1; i < size; i += 2)
        b_r[nb++] = i;
    MPI_Group a, b, u, x, d;
    T_OK(MPI_Group_incl(world, h, a_r, &a));
    T_OK(MPI_Group_incl(world, nb, b_r, &b));
    T_OK(MPI_Group_union(a, b, &u));
    T_OK(MPI_Group_intersection(a, b, &x));
    T_OK(MPI_Group_difference(a, b, &d));
    int wu[64], wx[64], wd[64], nu = 0, nx = 0, nd = 0;
    for (int i = 0; i < h; i++) {
        wu[nu++] = a_r[i];
        if (a_r[i] % 2)
            wx[nx++] = a_r[i];
        else
            wd[nd++] = a_r[i];
    }
    for (int i = 0; i < nb; i++)
        if (b_r[i] >= h)
            wu[nu++] = b_r[i];
    check_members(u, nu, wu, "union");
    check_members(x, nx, wx, "intersection");
    check_members(d, nd, wd, "difference");
    MPI_Group_free(&u);
    MPI_Group_free(&x);
    MPI_Group_free(&d);

    /* Empty results are MPI_GROUP_EMPTY. */
    MPI_Group e;
    T_OK(MPI_Group_difference(world, world, &e));
    T_CHECK(e == MPI_GROUP_EMPTY, "world - world is not MPI_GROUP_EMPTY");
    T_OK(MPI_Group_free(&e));
    T_CHECK(e == MPI_GROUP_NULL, "free did not reset the handle");
    T_OK(MPI_Group_incl(world, 0, NULL, &e));
    T_CHECK(e == MPI_GROUP_EMPTY, "incl of none is not MPI_GROUP_EMPTY");
    T_OK(MPI_Group_excl(world, size, all, &e));
    T_CHECK(e == MPI_GROUP_EMPTY, "excl of all is not MPI_GROUP_EMPTY");
    int es = -1, er = 0;
    T_OK(MPI_Group_size(MPI_GROUP_EMPTY, &es));
    T_OK(MPI_Group_rank(MPI_GROUP_EMPTY, &er));
    T_CHECK(es == 0 && er == MPI_UNDEFINED, "empty group: %d %d", es, er);
    T_OK(MPI_Group_union(MPI_GROUP_EMPTY, world, &e));
    T_OK(MPI_Group_compare(e, world, &r));
    T_CHECK(r == MPI_IDENT, "empty + world: %d", r);
    MPI_Group_free(&e);
    MPI_Group mine = MPI_GROUP_EMPTY; /* freeing the empty group is fine */
    T_OK(MPI_Group_free(&mine));
    T_OK(MPI_Group_size(MPI_GROUP_EMPTY, &es));

    /* Excl keeps the group's order; excl of none is the same group. */
    MPI_Group odd;
    T_OK(MPI_Group_excl(world, nev, ev, &odd));
    check_members(odd, nb, b_r, "excl evens");
    T_OK(MPI_Group_excl(reversed, 0, NULL, &e));
    T_OK(MPI_Group_compare(e, reversed, &r));
    T_CHECK(r == MPI_IDENT, "excl of none: %d", r);
    MPI_Group_free(&e);

    /* Ranges: every third rank from the end, backwards, then (when there
     * is one) every third from the smallest rank the first does not
     * name: two triplets that never overlap. */
    int r0 = (size - 1) % 3 == 0 ? 1 : 0;
    int ranges[2][3] = {{size - 1, 0, -3}, {r0, size - 1, 3}};
    int nr = r0 < size - 1 ? 2 : 1, want[64];
    n = 0;
    for (int i = size - 1; i >= 0; i -= 3)
        want[n++] = i;
    for (int i = r0; nr == 2 && i <= size - 1; i += 3)
        want[n++] = i;
    MPI_Group rg;
    T_OK(MPI_Group_range_incl(world, nr, ranges, &rg));
    check_members(rg, n, want, "range_incl");
    MPI_Group rx, ix;
    T_OK(MPI_Group_range_excl(world, nr, ranges, &rx));
    T_OK(MPI_Group_excl(world, n, want, &ix));
    T_OK(MPI_Group_compare(rx, ix, &r));
    T_CHECK(r == MPI_IDENT, "range_excl differs from excl: %d", r);
    MPI_Group_free(&rx);
    MPI_Group_free(&ix);
    MPI_Group_free(&rg);
    /* first == last names one rank whatever the stride's sign. */
    int one[1][3] = {{size - 1, size - 1, -5}};
    T_OK(MPI_Group_range_incl(world, 1, one, &rg));
    check_members(rg, 1, (int[]){size - 1}, "single range");
    MPI_Group_free(&rg);
    T_OK(MPI_Group_range_incl(world, 0, NULL, &rg));
    T_CHECK(rg == MPI_GROUP_EMPTY, "no ranges: not MPI_GROUP_EMPTY");

    /* A group outlives its communicator. */
    MPI_Comm dup;
    MPI_Group dg;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    T_OK(MPI_Comm_group(dup, &dg));
    MPI_Comm_free(&dup);
    check_members(dg, size, all, "group of a freed communicator");
    MPI_Group_free(&dg);
    /* MPI_COMM_SELF. */
    MPI_Group self;
    T_OK(MPI_Comm_group(MPI_COMM_SELF, &self));
    check_members(self, 1, &rank, "self");
    MPI_Group_free(&self);

    MPI_Group_free(&odd);
    MPI_Group_free(&a);
    MPI_Group_free(&b);
    MPI_Group_free(&evens);
    MPI_Group_free(&reversed);
    MPI_Group_free(&world2);
    T_OK(MPI_Group_free(&world));
    T_CHECK(world == MPI_GROUP_NULL, "free did not reset the handle");
    return t_finish("group_basic");
}
