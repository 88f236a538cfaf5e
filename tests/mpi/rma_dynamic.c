/* Dynamic windows: memory attached after creation is reachable at its
 * address (as MPI_Get_address gives it); put, get and accumulate reach it
 * with any datatype; an access outside attached memory fails with
 * MPI_ERR_RMA_RANGE at the call (own window) or at the flush (another's);
 * detached memory is out of reach again; attach and detach check their
 * arguments. */
#include <stdbool.h>
#include <stdint.h>

#include "t.h"

#define N 128

static int rank, size;

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Win win;
    T_OK(MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win));
    T_OK(MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN));
    int *flavor, flag;
    T_OK(MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag));
    T_CHECK(flag && *flavor == MPI_WIN_FLAVOR_DYNAMIC, "flavor %d", *flavor);

    /* Two regions; the second is where the others write. */
    long *a = calloc(N, sizeof(long)), *b = calloc(N, sizeof(long));
    T_OK(MPI_Win_attach(win, a, N * sizeof(long)));
    T_OK(MPI_Win_attach(win, b, N * sizeof(long)));
    T_ERRCLASS(MPI_Win_attach(win, b + 1, 8), MPI_ERR_RMA_ATTACH);
    T_ERRCLASS(MPI_Win_detach(win, b + 1), MPI_ERR_RMA_ATTACH);
    MPI_Aint mine, *addr = malloc(sizeof *addr * (size_t)size);
    MPI_Get_address(b, &mine);
    /* Everybody learns everybody's address (by messages). */
    for (int r = 0; r < size; r++) {
        if (r == rank) {
            addr[r] = mine;
            for (int s = 0; s < size; s++)
                if (s != rank)
                    MPI_Send(&mine, 1, MPI_AINT, s, 3, MPI_COMM_WORLD);
        } else {
            MPI_Recv(&addr[r], 1, MPI_AINT, r, 3, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        }
    }
    t_barrier(MPI_COMM_WORLD);

    /* Each rank writes its slot of every other's b, and sums into b[N-1]. */
    MPI_Datatype pair;
    T_OK(MPI_Type_vector(2, 1, N / 2, MPI_LONG, &pair));
    T_OK(MPI_Type_commit(&pair));
    long two[2] = {rank + 1, -(rank + 1)}, one = 1;
    T_OK(MPI_Win_lock_all(0, win));
    for (int t = 0; t < size; t++) {
        T_OK(MPI_Put(two, 2, MPI_LONG, t,
                     addr[t] + rank * (MPI_Aint)sizeof(long), 1, pair, win));
        T_OK(MPI_Accumulate(&one, 1, MPI_LONG, t,
                            addr[t] + (N - 1) * (MPI_Aint)sizeof(long), 1,
                            MPI_LONG, MPI_SUM, win));
    }
    T_OK(MPI_Win_flush_all(win));
    T_OK(MPI_Win_unlock_all(win));
    t_barrier(MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
        T_CHECK(b[r] == r + 1 && b[N / 2 + r] == -(r + 1),
                "b[%d]=%ld b[%d]=%ld", r, b[r], N / 2 + r, b[N / 2 + r]);
    T_CHECK(b[N - 1] == size, "b[N-1]=%ld", b[N - 1]);

    /* Read back a neighbour's b, and miss its memory on purpose. */
    int next = (rank + 1) % size;
    long got[N];
    T_OK(MPI_Win_lock(MPI_LOCK_SHARED, next, 0, win));
    T_OK(MPI_Get(got, N, MPI_LONG, next, addr[next], N, MPI_LONG, win));
    T_OK(MPI_Win_flush(next, win));
    T_CHECK(got[0] == 1 && got[N - 1] == size, "get %ld %ld", got[0],
            got[N - 1]);
    /* One long past the end of b: out of attached memory. */
    int rc = MPI_Put(two, 2, MPI_LONG, next,
                     addr[next] + (N - 1) * (MPI_Aint)sizeof(long), 2, MPI_LONG,
                     win);
    if (next == rank) {
        T_ERRCLASS(rc, MPI_ERR_RMA_RANGE); /* found at once */
    } else {
        T_OK(rc);
        T_ERRCLASS(MPI_Win_flush(next, win), MPI_ERR_RMA_RANGE);
    }
    T_OK(MPI_Win_unlock(next, win));
    t_barrier(MPI_COMM_WORLD);

    /* Detached memory is out of reach. */
    T_OK(MPI_Win_detach(win, b));
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_lock(MPI_LOCK_EXCLUSIVE, next, 0, win));
    rc = MPI_Get(got, 1, MPI_LONG, next, addr[next], 1, MPI_LONG, win);
    if (next == rank) {
        T_ERRCLASS(rc, MPI_ERR_RMA_RANGE);
        T_OK(MPI_Win_unlock(next, win));
    } else {
        T_OK(rc);
        T_ERRCLASS(MPI_Win_unlock(next, win), MPI_ERR_RMA_RANGE);
    }
    t_barrier(MPI_COMM_WORLD);
    T_OK(MPI_Win_detach(win, a));
    T_ERRCLASS(MPI_Win_detach(win, a), MPI_ERR_RMA_ATTACH);

    /* attach/detach on a window of another flavor. */
    MPI_Win other;
    T_OK(MPI_Win_create(a, N * sizeof(long), sizeof(long), MPI_INFO_NULL,
                        MPI_COMM_WORLD, &other));
    T_OK(MPI_Win_set_errhandler(other, MPI_ERRORS_RETURN));
    T_ERRCLASS(MPI_Win_attach(other, b, 8), MPI_ERR_RMA_FLAVOR);
    T_ERRCLASS(MPI_Win_detach(other, b), MPI_ERR_RMA_FLAVOR);
    T_OK(MPI_Win_free(&other));

    MPI_Type_free(&pair);
    T_OK(MPI_Win_free(&win));
    free(a);
    free(b);
    free(addr);
    return t_finish("rma_dynamic");
}
