/* Every bad argument of the communicator functions, with its class; and
 * MPI_Intercomm_create's leader rejecting its arguments without leaving
 * its group waiting. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int rank, size, r, flag;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm c = MPI_COMM_NULL, w = MPI_COMM_WORLD;
    MPI_Group world;
    MPI_Comm_group(w, &world);
    MPI_Request req;
    MPI_Info info;
    MPI_Comm bogus = (MPI_Comm)MPI_GROUP_EMPTY; /* not a communicator */

    T_ERRCLASS(MPI_Comm_compare(MPI_COMM_NULL, w, &r), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_compare(w, bogus, &r), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_compare(w, w, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_dup(MPI_COMM_NULL, &c), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_dup(w, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_idup(w, &c, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_idup(MPI_COMM_NULL, &c, &req), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_dup_with_info(w, (MPI_Info)w, &c), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Comm_create(w, MPI_GROUP_NULL, &c), MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Comm_create(w, world, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_create(MPI_COMM_NULL, world, &c), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_create_group(w, world, -1, &c), MPI_ERR_TAG);
    T_ERRCLASS(MPI_Comm_create_group(w, MPI_GROUP_NULL, 0, &c),
               MPI_ERR_GROUP);
    T_ERRCLASS(MPI_Comm_create_group(w, world, 0, NULL), MPI_ERR_ARG);
    if (size > 1) {
        /* Not a subset: the world's group over MPI_COMM_SELF. */
        T_ERRCLASS(MPI_Comm_create(MPI_COMM_SELF, world, &c), MPI_ERR_GROUP);
        T_ERRCLASS(MPI_Comm_create_group(MPI_COMM_SELF, world, 0, &c),
                   MPI_ERR_GROUP);
    }
    T_ERRCLASS(MPI_Comm_split(w, -7, 0, &c), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_split(w, 0, 0, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_split_type(w, 12345, 0, MPI_INFO_NULL, &c),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_split_type(w, MPI_COMM_TYPE_SHARED, 0, (MPI_Info)w,
                                   &c),
               MPI_ERR_INFO);
    T_ERRCLASS(MPI_Comm_free(NULL), MPI_ERR_ARG);
    MPI_Comm nul = MPI_COMM_NULL;
    T_ERRCLASS(MPI_Comm_free(&nul), MPI_ERR_COMM);
    MPI_Comm wc = MPI_COMM_WORLD, sc = MPI_COMM_SELF;
    T_ERRCLASS(MPI_Comm_free(&wc), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_free(&sc), MPI_ERR_COMM);
    T_CHECK(wc == MPI_COMM_WORLD, "a failed free changed the handle");
    T_ERRCLASS(MPI_Comm_set_info(w, (MPI_Info)w), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Comm_get_info(w, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_get_info(MPI_COMM_NULL, &info), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_test_inter(MPI_COMM_NULL, &flag), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_test_inter(w, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_remote_size(w, &r), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Intercomm_merge(w, 0, &c), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Intercomm_merge(MPI_COMM_NULL, 0, &c), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Topo_test(MPI_COMM_NULL, &r), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Topo_test(w, NULL), MPI_ERR_ARG);

    /* Intercomm_create: checks every process makes alone first. */
    T_ERRCLASS(MPI_Intercomm_create(MPI_COMM_NULL, 0, w, 0, 0, &c),
               MPI_ERR_COMM);
    T_ERRCLASS(MPI_Intercomm_create(w, size, w, 0, 0, &c), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Intercomm_create(w, -1, w, 0, 0, &c), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Intercomm_create(w, 0, w, 0, 0, NULL), MPI_ERR_ARG);
    /* The leader's own arguments are bad: it gets their class, the rest
     * of its group a plain MPI_ERR_ARG, and nobody hangs. */
    int cls = rank == 0 ? MPI_ERR_RANK : MPI_ERR_ARG;
    T_ERRCLASS(MPI_Intercomm_create(w, 0, w, size, 0, &c), cls);
    cls = rank == 0 ? MPI_ERR_TAG : MPI_ERR_ARG;
    T_ERRCLASS(MPI_Intercomm_create(w, 0, w, 0, -3, &c), cls);
    cls = rank == size - 1 ? MPI_ERR_COMM : MPI_ERR_ARG;
    T_ERRCLASS(MPI_Intercomm_create(w, size - 1, MPI_COMM_NULL, 0, 0, &c),
               cls);
    /* Overlapping groups: every process is both its own group and, over
     * the world, its own remote leader. */
    T_ERRCLASS(MPI_Intercomm_create(MPI_COMM_SELF, 0, w, rank, 1, &c),
               MPI_ERR_ARG);
    char s[MPI_MAX_ERROR_STRING];
    int len, code = MPI_Intercomm_create(MPI_COMM_SELF, 0, w, rank, 1, &c);
    MPI_Error_string(code, s, &len);
    T_CHECK(strstr(s, "overlap"), "error string '%s'", s);
    T_CHECK(c == MPI_COMM_NULL, "a failed call set newcomm");

    /* An intercommunicator where only intracommunicators will do. */
    if (size >= 2) {
        MPI_Comm half, inter;
        int a = rank < size / 2;
        MPI_Comm_split(w, a, rank, &half);
        MPI_Intercomm_create(half, 0, w, a ? size / 2 : 0, 0, &inter);
        MPI_Comm_set_errhandler(inter, MPI_ERRORS_RETURN);
        T_ERRCLASS(MPI_Comm_create_group(inter, world, 0, &c), MPI_ERR_COMM);
        T_ERRCLASS(MPI_Comm_split_type(inter, MPI_COMM_TYPE_SHARED, 0,
                                       MPI_INFO_NULL, &c),
                   MPI_ERR_COMM);
        T_ERRCLASS(MPI_Intercomm_create(inter, 0, w, 0, 0, &c),
                   MPI_ERR_COMM);
        /* The remote group is not a subset of the local one. */
        MPI_Group rg;
        MPI_Comm_remote_group(inter, &rg);
        T_ERRCLASS(MPI_Comm_create(inter, rg, &c), MPI_ERR_GROUP);
        T_ERRCLASS(MPI_Send(&rank, 1, MPI_INT, size, 0, inter),
                   MPI_ERR_RANK);
        MPI_Group_free(&rg);
        MPI_Comm_free(&inter);
        MPI_Comm_free(&half);
    }

    /* Dims_create. */
    int dims[3] = {0, 0, 0};
    T_ERRCLASS(MPI_Dims_create(0, 2, dims), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Dims_create(6, -1, dims), MPI_ERR_DIMS);
    T_ERRCLASS(MPI_Dims_create(6, 2, NULL), MPI_ERR_ARG);
    dims[1] = -2;
    T_ERRCLASS(MPI_Dims_create(6, 2, dims), MPI_ERR_DIMS);
    dims[0] = 0, dims[1] = 4;
    T_ERRCLASS(MPI_Dims_create(6, 2, dims), MPI_ERR_DIMS);
    dims[0] = 2, dims[1] = 2;
    T_ERRCLASS(MPI_Dims_create(6, 2, dims), MPI_ERR_DIMS);
    T_ERRCLASS(MPI_Dims_create(6, 0, dims), MPI_ERR_DIMS);
    int d3[3] = {0, 3, 0};
    T_OK(MPI_Dims_create(12, 3, d3));
    T_CHECK(d3[0] == 2 && d3[1] == 3 && d3[2] == 2, "dims %d %d %d", d3[0],
            d3[1], d3[2]);
    int d2[2] = {0, 0};
    T_OK(MPI_Dims_create(size, 2, d2));
    T_CHECK(d2[0] * d2[1] == size && d2[0] >= d2[1], "dims %d %d", d2[0],
            d2[1]);
    T_OK(MPI_Dims_create(1, 0, NULL));

    MPI_Group_free(&world);
    return t_finish("comm_errors");
}
