/* Error handler objects: user handlers get the communicator handle and
 * the code, through errors and MPI_Comm_call_errhandler; inheritance by
 * new communicators; freeing user handlers still in use and predefined
 * ones; the MPI-1 spellings; bad arguments. */
#include "t.h"

static int calls;
static MPI_Comm seen_comm;
static int seen_code;

static void handler(MPI_Comm *comm, int *code, ...)
{
    calls++;
    seen_comm = *comm;
    seen_code = *code;
}

static int class_of(int code)
{
    int cls = -1;
    MPI_Error_class(code, &cls);
    return cls;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    MPI_Errhandler eh, eh1, got;
    T_OK(MPI_Comm_create_errhandler(handler, &eh));
    T_OK(MPI_Errhandler_create(handler, &eh1));
    T_CHECK(eh != MPI_ERRHANDLER_NULL && eh1 != eh, "handles");

    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    T_OK(MPI_Comm_set_errhandler(c, eh));
    T_OK(MPI_Comm_get_errhandler(c, &got));
    T_CHECK(got == eh, "get_errhandler gave another handler");
    T_OK(MPI_Errhandler_free(&got));
    T_CHECK(got == MPI_ERRHANDLER_NULL, "free did not reset the handle");

    /* An error on c: the handler gets c and the code, the call returns
     * the code. */
    int rc = MPI_Send(&rank, 1, MPI_INT, size + 3, 0, c);
    T_CHECK(calls == 1 && seen_comm == c && seen_code == rc,
            "handler: %d calls", calls);
    T_CHECK(class_of(rc) == MPI_ERR_RANK, "class %d", class_of(rc));

    /* call_errhandler passes the code unchanged and succeeds. */
    int mycls, mycode;
    MPI_Add_error_class(&mycls);
    MPI_Add_error_code(mycls, &mycode);
    T_OK(MPI_Comm_call_errhandler(c, mycode));
    T_CHECK(calls == 2 && seen_comm == c && seen_code == mycode,
            "call_errhandler: code %d", seen_code);
    T_OK(MPI_Comm_call_errhandler(c, MPI_ERR_OTHER));
    T_CHECK(calls == 3 && seen_code == MPI_ERR_OTHER, "MPI_ERR_OTHER");

    /* Freeing a handler in use: the handle goes, the handler stays. */
    T_OK(MPI_Errhandler_free(&eh));
    T_CHECK(eh == MPI_ERRHANDLER_NULL, "free did not reset the handle");
    MPI_Comm_call_errhandler(c, MPI_ERR_ARG);
    T_CHECK(calls == 4, "freed handler not called");
    /* New communicators inherit it. */
    MPI_Comm d;
    MPI_Comm_dup(c, &d);
    MPI_Comm_call_errhandler(d, MPI_ERR_ARG);
    T_CHECK(calls == 5 && seen_comm == d, "dup did not inherit");
    MPI_Comm s;
    MPI_Comm_split(c, 0, 0, &s);
    MPI_Comm_call_errhandler(s, MPI_ERR_ARG);
    T_CHECK(calls == 6 && seen_comm == s, "split did not inherit");
    MPI_Comm_free(&s);
    MPI_Comm_free(&d);

    /* MPI_ERRORS_RETURN: call_errhandler does nothing and succeeds. */
    T_OK(MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN));
    T_OK(MPI_Comm_call_errhandler(c, MPI_ERR_OTHER));
    T_CHECK(calls == 6, "handler called after replacement");
    /* Predefined handlers can be "freed": only the handle changes. */
    MPI_Errhandler ret = MPI_ERRORS_RETURN;
    T_OK(MPI_Errhandler_free(&ret));
    T_CHECK(ret == MPI_ERRHANDLER_NULL, "predefined free kept the handle");
    T_OK(MPI_Comm_get_errhandler(c, &got));
    T_CHECK(got == MPI_ERRORS_RETURN, "handler changed");
    T_OK(MPI_Errhandler_free(&got));
    rc = MPI_Send(&rank, 1, MPI_INT, -7, 0, c);
    T_CHECK(class_of(rc) == MPI_ERR_RANK, "MPI_ERRORS_RETURN broken");

    /* MPI-1 spellings. */
    T_OK(MPI_Errhandler_set(c, eh1));
    T_OK(MPI_Errhandler_get(c, &got));
    T_CHECK(got == eh1, "Errhandler_get");
    MPI_Errhandler_free(&got);
    MPI_Comm_call_errhandler(c, MPI_ERR_TAG);
    T_CHECK(calls == 7 && seen_code == MPI_ERR_TAG, "MPI-1 handler");

    /* Errors about a bad communicator argument go to MPI_COMM_WORLD's
     * handler, with MPI_COMM_WORLD. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, eh1);
    rc = MPI_Send(&rank, 1, MPI_INT, 0, 0, MPI_COMM_NULL);
    T_CHECK(calls == 8 && seen_comm == MPI_COMM_WORLD &&
                class_of(rc) == MPI_ERR_COMM,
            "error on MPI_COMM_NULL: %d calls", calls);

    /* Bad arguments: raised on MPI_COMM_WORLD (which returns them now),
     * except the two about c, which reach c's handler. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    T_ERRCLASS(MPI_Comm_create_errhandler(NULL, &got), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_create_errhandler(handler, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Errhandler_free(NULL), MPI_ERR_ARG);
    MPI_Errhandler nul = MPI_ERRHANDLER_NULL;
    T_ERRCLASS(MPI_Errhandler_free(&nul), MPI_ERR_ARG);
    MPI_Errhandler bogus = (MPI_Errhandler)MPI_COMM_WORLD;
    T_ERRCLASS(MPI_Errhandler_free(&bogus), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_set_errhandler(c, MPI_ERRHANDLER_NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_set_errhandler(MPI_COMM_NULL, MPI_ERRORS_RETURN),
               MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_get_errhandler(c, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_call_errhandler(MPI_COMM_NULL, MPI_ERR_OTHER),
               MPI_ERR_COMM);
    T_CHECK(calls == 10 && seen_comm == c,
            "c's handler saw %d errors, expected 10", calls);

    MPI_Errhandler_free(&eh1);
    MPI_Comm_free(&c);
    return t_finish("errhandler_basic");
}
