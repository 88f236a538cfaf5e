/*
 * ft_bag -- a bag of tasks that survives the death of workers (ULFM; run
 * it with ftmpirun --ft ulfm: it acknowledges failures and goes on, the
 * ULFM way; FT-MPI modes would rather have it recover).
 *
 * Rank 0 hands out tasks one at a time and collects results from whoever
 * answers.  When a worker dies, the manager acknowledges the failure, puts
 * the worker's task back in the bag and goes on with the others.  At the
 * end the survivors shrink MPI_COMM_WORLD and check, together, that every
 * task was done exactly once.
 *
 *   FT_BAG_KILL=rank:n      that worker kills itself when given its n-th task
 *                           (n = 0: right after the survivors' shrink)
 *   FT_BAG_TASKS=n          tasks (default 500)
 *   FT_BAG_DELAY_US=us      each task also sleeps that long
 */
#include <mpi-ext.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int TASKS = 500; /* FT_BAG_TASKS */
static int DELAY_US;    /* FT_BAG_DELAY_US: each task also sleeps this long */
#define TAG_TASK 1
#define TAG_RESULT 2
#define STOP -1

/* The work: something a worker cannot fake. */
static long work(int task)
{
    long x = task;
    for (int i = 0; i < 2000; i++)
        x = (x * 1103515245 + 12345) % 2147483648L;
    return x;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (getenv("FT_BAG_TASKS"))
        TASKS = atoi(getenv("FT_BAG_TASKS"));
    if (getenv("FT_BAG_DELAY_US"))
        DELAY_US = atoi(getenv("FT_BAG_DELAY_US"));
    int kill_rank = -1, kill_task = -1;
    const char *k = getenv("FT_BAG_KILL");
    if (k)
        sscanf(k, "%d:%d", &kill_rank, &kill_task);

    long done_here = 0; /* tasks this rank completed and were accepted */
    int given = 0;      /* tasks this worker was given */
    long sum_here = 0;
    if (rank == 0) {
        int *owner = malloc(TASKS * sizeof *owner); /* worker, or -1 */
        char *finished = calloc(TASKS, 1);
        int *current = malloc(size * sizeof *current);
        char *alive = malloc(size);
        int next = 0, left = TASKS, busy = 0;
        for (int t = 0; t < TASKS; t++)
            owner[t] = -1;
        for (int w = 0; w < size; w++) {
            alive[w] = w != 0;
            current[w] = STOP;
        }
        /* Next task nobody holds, or STOP. */
#define NEXT_TASK()                                                           \
    ({                                                                        \
        int t_ = STOP;                                                        \
        for (int i_ = 0; i_ < TASKS && t_ == STOP; i_++) {                    \
            int c_ = (next + i_) % TASKS;                                     \
            if (!finished[c_] && owner[c_] < 0)                               \
                t_ = c_;                                                      \
        }                                                                     \
        t_;                                                                   \
    })
        for (int w = 1; w < size; w++) {
            int t = NEXT_TASK();
            if (t == STOP)
                break;
            owner[t] = w;
            current[w] = t;
            next = t + 1;
            if (MPI_Send(&t, 1, MPI_INT, w, TAG_TASK, MPI_COMM_WORLD) ==
                MPI_SUCCESS)
                busy++;
        }
        while (left > 0) {
            long res[2];
            MPI_Status st;
            int rc = MPI_Recv(res, 2, MPI_LONG, MPI_ANY_SOURCE, TAG_RESULT,
                              MPI_COMM_WORLD, &st);
            if (rc != MPI_SUCCESS) {
                /* A worker died: whose task it held goes back in the bag. */
                MPIX_Comm_failure_ack(MPI_COMM_WORLD);
                MPI_Group failed, world;
                MPIX_Comm_get_failed(MPI_COMM_WORLD, &failed);
                MPI_Comm_group(MPI_COMM_WORLD, &world);
                int nf;
                MPI_Group_size(failed, &nf);
                for (int i = 0; i < nf; i++) {
                    int w;
                    MPI_Group_translate_ranks(failed, 1, &i, world, &w);
                    if (!alive[w])
                        continue;
                    alive[w] = 0;
                    if (current[w] != STOP) {
                        owner[current[w]] = -1;
                        current[w] = STOP;
                        busy--;
                    }
                }
                MPI_Group_free(&failed);
                MPI_Group_free(&world);
            } else {
                int w = st.MPI_SOURCE, t = (int)res[0];
                if (!finished[t] && res[1] == work(t)) {
                    finished[t] = 1;
                    left--;
                    sum_here += res[1];
                }
                current[w] = STOP;
                busy--;
            }
            /* Keep every live, idle worker busy. */
            for (int w = 1; w < size; w++) {
                if (!alive[w] || current[w] != STOP)
                    continue;
                int t = NEXT_TASK();
                if (t == STOP)
                    break;
                owner[t] = w;
                current[w] = t;
                next = t + 1;
                if (MPI_Send(&t, 1, MPI_INT, w, TAG_TASK, MPI_COMM_WORLD) ==
                    MPI_SUCCESS)
                    busy++;
            }
            if (busy == 0 && left > 0) {
                int any = 0;
                for (int w = 1; w < size; w++)
                    any |= alive[w];
                if (!any) {
                    fprintf(stderr, "ft_bag: every worker died\n");
                    MPI_Abort(MPI_COMM_WORLD, 1);
                }
            }
        }
        int stop = STOP;
        for (int w = 1; w < size; w++)
            if (alive[w])
                MPI_Send(&stop, 1, MPI_INT, w, TAG_TASK, MPI_COMM_WORLD);
        done_here = TASKS;
        free(owner);
        free(finished);
        free(current);
        free(alive);
    } else {
        for (;;) {
            int t;
            if (MPI_Recv(&t, 1, MPI_INT, 0, TAG_TASK, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE) != MPI_SUCCESS ||
                t == STOP)
                break;
            if (rank == kill_rank && ++given == kill_task)
                raise(SIGKILL);
            if (DELAY_US)
                usleep((useconds_t)DELAY_US);
            long res[2] = {t, work(t)};
            MPI_Send(res, 2, MPI_LONG, 0, TAG_RESULT, MPI_COMM_WORLD);
        }
    }

    /* The survivors, together: shrink, then check the manager's tally
     * against the answer everyone can compute.  A worker may die after
     * the shrink agreed on who is alive (its death not yet known): the
     * sum then fails somewhere, everyone learns so from an agreement,
     * and they shrink again. */
    MPI_Comm alive_comm;
    long total = 0;
    for (;;) {
        MPIX_Comm_shrink(MPI_COMM_WORLD, &alive_comm);
        MPI_Comm_set_errhandler(alive_comm, MPI_ERRORS_RETURN);
        if (rank == kill_rank && kill_task == 0)
            raise(SIGKILL);
        int ok = MPI_Allreduce(&sum_here, &total, 1, MPI_LONG, MPI_SUM,
                               alive_comm) == MPI_SUCCESS;
        if (MPIX_Comm_agree(alive_comm, &ok) == MPI_SUCCESS && ok)
            break;
        MPI_Comm_free(&alive_comm);
    }
    int nsurv;
    MPI_Comm_size(alive_comm, &nsurv);
    long expect = 0;
    for (int t = 0; t < TASKS; t++)
        expect += work(t);
    int status = total == expect ? 0 : 1;
    if (rank == 0)
        printf("ft_bag: %d tasks done by %d surviving of %d ranks: %s\n",
               TASKS, nsurv, size, status ? "WRONG TOTAL" : "all correct");
    (void)done_here;
    MPI_Comm_free(&alive_comm);
    MPI_Finalize();
    return status;
}
