/* Every bad argument of the group functions, with its error class. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int size, n, out[4];
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Group world, g = MPI_GROUP_NULL;
    MPI_Comm_group(MPI_COMM_WORLD, &world);

    /* Null and bogus groups. */
    T_ERRCLASS(MPI_Group_size(MPI_GROUP_NULL, &n), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_rank(MPI_GROUP_NULL, &n), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_size((MPI_Group)MPI_COMM_WORLD, &n), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_size(world, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_rank(world, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_compare(world, MPI_GROUP_NULL, &n), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_compare(world, world, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_union(MPI_GROUP_NULL, world, &g), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_intersection(world, MPI_GROUP_NULL, &g),
               MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Group_difference(world, world, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_free(NULL), MPI_ERR_ARG);
    MPI_Group nul = MPI_GROUP_NULL;
    T_ERRCLASS(MPI_Group_free(&nul), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Comm_group(MPI_COMM_NULL, &g), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_group(MPI_COMM_WORLD, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_remote_group(MPI_COMM_WORLD, &g), MPI_ERR_COMM);

    /* translate_ranks. */
    int bad[2] = {0, size};
    T_ERRCLASS(MPI_Group_translate_ranks(world, -1, bad, world, out),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_translate_ranks(world, 2, bad, world, out),
               MPI_ERR_RANK);
    int neg[1] = {-5};
    T_ERRCLASS(MPI_Group_translate_ranks(world, 1, neg, world, out),
               MPI_ERR_RANK);
    T_ERRCLASS(MPI_Group_translate_ranks(world, 1, NULL, world, out),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_translate_ranks(MPI_GROUP_NULL, 1, bad, world, out),
               MPI_ERR_GROUP);

    /* incl / excl. */
    int dup2[2] = {0, 0};
    T_ERRCLASS(MPI_Group_incl(world, -1, dup2, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_incl(world, size + 1, dup2, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_incl(world, 1, NULL, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_incl(world, 1, &size, &g), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Group_incl(world, 1, neg, &g), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Group_incl(world, 1, dup2, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_excl(world, 1, &size, &g), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Group_excl(world, -2, dup2, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_excl(MPI_GROUP_NULL, 0, dup2, &g), MPI_ERR_GROUP);
    if (size >= 2) {
        T_ERRCLASS(MPI_Group_incl(world, 2, dup2, &g), MPI_ERR_RANK);
        T_ERRCLASS(MPI_Group_excl(world, 2, dup2, &g), MPI_ERR_RANK);
    }

    /* Ranges. */
    int zero[1][3] = {{0, 0, 0}};
    T_ERRCLASS(MPI_Group_range_incl(world, 1, zero, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_range_excl(world, 1, zero, &g), MPI_ERR_ARG);
    int out_of_range[1][3] = {{0, size, 1}};
    T_ERRCLASS(MPI_Group_range_incl(world, 1, out_of_range, &g),
               MPI_ERR_RANK);
    int neg_first[1][3] = {{-1, 0, 1}};
    T_ERRCLASS(MPI_Group_range_excl(world, 1, neg_first, &g), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Group_range_incl(world, -1, zero, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_range_incl(world, 1, NULL, &g), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Group_range_incl(world, 1, zero, NULL), MPI_ERR_ARG);
    if (size >= 2) {
        int away[1][3] = {{size - 1, 0, 1}};
        T_ERRCLASS(MPI_Group_range_incl(world, 1, away, &g), MPI_ERR_ARG);
        int away2[1][3] = {{0, size - 1, -1}};
        T_ERRCLASS(MPI_Group_range_excl(world, 1, away2, &g), MPI_ERR_ARG);
        int twice[2][3] = {{0, size - 1, 1}, {size - 1, size - 1, 1}};
        T_ERRCLASS(MPI_Group_range_incl(world, 2, twice, &g), MPI_ERR_RANK);
        T_ERRCLASS(MPI_Group_range_excl(world, 2, twice, &g), MPI_ERR_RANK);
    }

    /* The error string names the function and the argument. */
    char s[MPI_MAX_ERROR_STRING];
    int len;
    int code = MPI_Group_incl(world, 1, &size, &g);
    MPI_Error_string(code, s, &len);
    T_CHECK(strstr(s, "MPI_Group_incl") && strstr(s, "ranks[0]"),
            "error string '%s'", s);

    /* Nothing was created by the failures. */
    T_CHECK(g == MPI_GROUP_NULL, "a failed call set newgroup");
    MPI_Group_free(&world);
    return t_finish("group_errors");
}
