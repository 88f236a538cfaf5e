/*
 * lt_end -- an MPI program that ends the way the launcher tests ask.
 *
 *   lt_end ok                  every rank finishes normally (PASS)
 *   lt_end kill R              rank R kills itself with SIGKILL after MPI_Init
 *   lt_end abort R CODE        rank R calls MPI_Abort(MPI_COMM_WORLD, CODE)
 *   lt_end exit-after R CODE   rank R exits with CODE after MPI_Finalize
 *   lt_end no-finalize R       rank R exits 0 without MPI_Finalize
 *   lt_end compute             print "ready R hub=NAME", then spin forever
 *   lt_end compute-noterm      the same, ignoring SIGTERM
 *   lt_end recv                print "ready R", then block in MPI_Recv
 *   lt_end ring                print "ready R", then pass a token forever
 *   lt_end wait-file PATH      print "ready R", wait until PATH exists,
 *                              then finish normally (PASS)
 *
 * "Forever" is bounded: an alarm ends a process that is still running after
 * FTMPI_TEST_ALARM seconds (default 120), so a broken launcher cannot leave
 * spinning processes behind.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "t.h"

static int rank, size;

/* Says the rank is running, and names the hub's socket so that the test
 * can check it is gone afterwards. */
static void ready(void)
{
    const char *hub = getenv("FTMPI_HUB");
    printf("ready %d hub=%s\n", rank, hub ? hub : "none");
    fflush(stdout);
}

static int arg_int(int argc, char **argv, int i)
{
    if (i >= argc) {
        fprintf(stderr, "lt_end: missing argument %d\n", i);
        exit(2);
    }
    return atoi(argv[i]);
}

int main(int argc, char **argv)
{
    const char *alarm_s = getenv("FTMPI_TEST_ALARM");
    alarm(alarm_s ? (unsigned)atoi(alarm_s) : 120);
    const char *mode = argc > 1 ? argv[1] : "ok";
    if (strcmp(mode, "compute-noterm") == 0)
        signal(SIGTERM, SIG_IGN); /* before MPI_Init: no window */
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    if (strcmp(mode, "kill") == 0 && rank == arg_int(argc, argv, 2)) {
        raise(SIGKILL);
    } else if (strcmp(mode, "abort") == 0 && rank == arg_int(argc, argv, 2)) {
        MPI_Abort(MPI_COMM_WORLD, arg_int(argc, argv, 3));
    } else if (strcmp(mode, "no-finalize") == 0 &&
               rank == arg_int(argc, argv, 2)) {
        exit(0);
    } else if (strncmp(mode, "compute", 7) == 0) {
        ready();
        volatile unsigned long x = 0;
        for (;;)
            x++;
    } else if (strcmp(mode, "recv") == 0) {
        ready();
        int v;
        /* Nobody ever sends this. */
        MPI_Recv(&v, 1, MPI_INT, (rank + 1) % size, 42, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        printf("FAIL recv returned\n");
        return 1;
    } else if (strcmp(mode, "ring") == 0) {
        ready();
        int token = 0, next = (rank + 1) % size,
            prev = (rank + size - 1) % size;
        for (;;) {
            if (rank == 0)
                MPI_Send(&token, 1, MPI_INT, next, 1, MPI_COMM_WORLD);
            MPI_Recv(&token, 1, MPI_INT, prev, 1, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            token++;
            if (rank != 0)
                MPI_Send(&token, 1, MPI_INT, next, 1, MPI_COMM_WORLD);
        }
    } else if (strcmp(mode, "wait-file") == 0) {
        if (argc < 3)
            return 2;
        /* Under nohup the launcher's ignored SIGHUP reaches us too. */
        if (getenv("LT_EXPECT_HUP_IGNORED")) {
            struct sigaction sa;
            sigaction(SIGHUP, NULL, &sa);
            T_CHECK(sa.sa_handler == SIG_IGN, "SIGHUP is not ignored");
        }
        ready();
        struct timespec ts = {0, 5000000};
        while (access(argv[2], F_OK) != 0)
            nanosleep(&ts, NULL);
    }
    int rc = t_finish("lt_end");
    if (strcmp(mode, "exit-after") == 0 && rank == arg_int(argc, argv, 2))
        return arg_int(argc, argv, 3);
    return rc;
}
