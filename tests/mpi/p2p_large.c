/* Large messages between pairs, checked byte by byte, both directions at
 * once, and a truncated large receive. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int peer = rank ^ 1;
    size_t sizes[] = {9000, 65536, 1 << 20, (8 << 20) + 13};
    size_t max = sizes[3];
    unsigned char *s = malloc(max), *r = malloc(max);
    if (peer < size) {
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t n = sizes[k];
            for (size_t i = 0; i < n; i++)
                s[i] = (unsigned char)(i * 131 + rank + k);
            memset(r, 0, n);
            MPI_Request q[2];
            T_OK(MPI_Irecv(r, (int)n, MPI_BYTE, peer, 1, MPI_COMM_WORLD,
                           &q[0]));
            T_OK(MPI_Isend(s, (int)n, MPI_BYTE, peer, 1, MPI_COMM_WORLD,
                           &q[1]));
            T_OK(MPI_Waitall(2, q, MPI_STATUSES_IGNORE));
            for (size_t i = 0; i < n; i++)
                if (r[i] != (unsigned char)(i * 131 + peer + k)) {
                    t_fail(__FILE__, __LINE__, "%zu bytes: byte %zu wrong", n,
                           i);
                    break;
                }
        }
        /* The receiver's buffer is too small: MPI_ERR_TRUNCATE, and the
         * bytes that fit are there. */
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        if (rank % 2 == 0) {
            T_OK(MPI_Send(s, 1 << 20, MPI_BYTE, peer, 2, MPI_COMM_WORLD));
        } else {
            MPI_Status st;
            memset(r, 0, 1 << 20);
            int rc = MPI_Recv(r, 1000, MPI_BYTE, peer, 2, MPI_COMM_WORLD, &st);
            int cls;
            MPI_Error_class(rc, &cls);
            T_CHECK(cls == MPI_ERR_TRUNCATE, "class %d, expected TRUNCATE",
                    cls);
            T_CHECK(r[999] == (unsigned char)(999 * 131 + peer + 3) &&
                        r[1000] == 0,
                    "truncated data wrong");
        }
    }
    free(s);
    free(r);
    return t_finish("p2p_large");
}
