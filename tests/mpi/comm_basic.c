/* Communicators: dup keeps traffic apart, split groups and orders ranks by
 * key, split_type gives the host, names, free. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;

    /* Same tag on WORLD and on a dup: each receive gets its own. */
    MPI_Comm dup;
    T_OK(MPI_Comm_dup(MPI_COMM_WORLD, &dup));
    int r2, s2;
    MPI_Comm_rank(dup, &r2);
    MPI_Comm_size(dup, &s2);
    T_CHECK(r2 == rank && s2 == size, "dup rank/size %d/%d", r2, s2);
    int a = 1, b = 2, x = 0, y = 0;
    T_OK(MPI_Send(&a, 1, MPI_INT, next, 0, MPI_COMM_WORLD));
    T_OK(MPI_Send(&b, 1, MPI_INT, next, 0, dup));
    T_OK(MPI_Recv(&y, 1, MPI_INT, prev, 0, dup, MPI_STATUS_IGNORE));
    T_OK(MPI_Recv(&x, 1, MPI_INT, prev, 0, MPI_COMM_WORLD,
                  MPI_STATUS_IGNORE));
    T_CHECK(x == 1 && y == 2, "traffic crossed communicators: %d %d", x, y);

    /* Split in two by parity, reversed order. */
    MPI_Comm half;
    T_OK(MPI_Comm_split(MPI_COMM_WORLD, rank % 2, -rank, &half));
    int hr, hs;
    MPI_Comm_rank(half, &hr);
    MPI_Comm_size(half, &hs);
    int want_size = (size + 1 - rank % 2) / 2;
    T_CHECK(hs == want_size, "half size %d, expected %d", hs, want_size);
    T_CHECK(hr == (want_size - 1 - rank / 2), "half rank %d", hr);
    /* Talk within the half: a ring of world ranks. */
    int hn = (hr + 1) % hs, hp = (hr + hs - 1) % hs, out = rank, in = -1;
    T_OK(MPI_Sendrecv(&out, 1, MPI_INT, hn, 1, &in, 1, MPI_INT, hp, 1, half,
                      MPI_STATUS_IGNORE));
    T_CHECK(in % 2 == rank % 2, "half ring got %d", in);

    /* MPI_UNDEFINED gets MPI_COMM_NULL. */
    MPI_Comm none;
    T_OK(MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? MPI_UNDEFINED : 1, 0,
                        &none));
    T_CHECK((rank == 0) == (none == MPI_COMM_NULL), "undefined color");
    if (none != MPI_COMM_NULL)
        T_OK(MPI_Comm_free(&none));

    /* One host: split_type shared is everybody. */
    MPI_Comm node;
    T_OK(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank,
                             MPI_INFO_NULL, &node));
    int ns;
    MPI_Comm_size(node, &ns);
    T_CHECK(ns == size, "shared split size %d", ns);

    /* Names. */
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    T_OK(MPI_Comm_get_name(MPI_COMM_WORLD, name, &len));
    T_CHECK(strcmp(name, "MPI_COMM_WORLD") == 0, "world name '%s'", name);
    T_OK(MPI_Comm_set_name(dup, "my dup"));
    T_OK(MPI_Comm_get_name(dup, name, &len));
    T_CHECK(strcmp(name, "my dup") == 0 && len == 6, "dup name '%s'", name);

    /* Many dups and frees reuse context ids without trouble. */
    for (int i = 0; i < 200; i++) {
        MPI_Comm c;
        T_OK(MPI_Comm_dup(half, &c));
        T_OK(MPI_Sendrecv(&out, 1, MPI_INT, hn, 2, &in, 1, MPI_INT, hp, 2, c,
                          MPI_STATUS_IGNORE));
        T_OK(MPI_Comm_free(&c));
        T_CHECK(c == MPI_COMM_NULL, "free did not reset the handle");
    }
    T_OK(MPI_Comm_free(&node));
    T_OK(MPI_Comm_free(&half));
    T_OK(MPI_Comm_free(&dup));
    return t_finish("comm_basic");
}
