/* Bad arguments return the right error class through MPI_ERRORS_RETURN,
 * with an error string naming the function and the argument. */
#include "t.h"

static void string_names(int code, const char *fn, const char *arg)
{
    char s[MPI_MAX_ERROR_STRING];
    int n;
    MPI_Error_string(code, s, &n);
    T_CHECK(strstr(s, fn) && strstr(s, arg), "'%s' should name %s and %s", s,
            fn, arg);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, v = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);

    int rc = MPI_Send(&v, 1, MPI_INT, size, 0, MPI_COMM_WORLD);
    T_ERRCLASS(rc, MPI_ERR_RANK);
    string_names(rc, "MPI_Send", "dest");
    T_ERRCLASS(MPI_Send(&v, 1, MPI_INT, -7, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, size + 3, 0, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPI_ERR_RANK);
    rc = MPI_Send(&v, -1, MPI_INT, 0, 0, MPI_COMM_WORLD);
    T_ERRCLASS(rc, MPI_ERR_COUNT);
    string_names(rc, "MPI_Send", "count");
    T_ERRCLASS(MPI_Send(&v, 1, MPI_INT, 0, -5, MPI_COMM_WORLD), MPI_ERR_TAG);
    T_ERRCLASS(MPI_Recv(&v, 1, MPI_INT, 0, -5, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE),
               MPI_ERR_TAG);
    T_ERRCLASS(MPI_Send(&v, 1, MPI_DATATYPE_NULL, 0, 0, MPI_COMM_WORLD),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Send(&v, 1, (MPI_Datatype)MPI_COMM_WORLD, 0, 0,
                        MPI_COMM_WORLD),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_NULL), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Send(NULL, 4, MPI_INT, 0, 0, MPI_COMM_WORLD),
               MPI_ERR_BUFFER);
    MPI_Request r = MPI_REQUEST_NULL;
    T_ERRCLASS(MPI_Isend(&v, 1, MPI_INT, size, 0, MPI_COMM_WORLD, &r),
               MPI_ERR_RANK);
    T_CHECK(r == MPI_REQUEST_NULL, "failed Isend changed the request");
    MPI_Request bogus = (MPI_Request)MPI_COMM_WORLD;
    T_ERRCLASS(MPI_Wait(&bogus, MPI_STATUS_IGNORE), MPI_ERR_REQUEST);
    T_ERRCLASS(MPI_Start(&r), MPI_ERR_REQUEST);
    int x;
    T_ERRCLASS(MPI_Comm_rank(MPI_COMM_NULL, &x), MPI_ERR_COMM);
    MPI_Comm world = MPI_COMM_WORLD;
    T_ERRCLASS(MPI_Comm_free(&world), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Buffer_detach(NULL, &x), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Bsend(&v, 1, MPI_INT, 0, 0, MPI_COMM_WORLD),
               MPI_ERR_BUFFER);

    /* User error classes, codes and strings. */
    int cls, code, got;
    T_OK(MPI_Add_error_class(&cls));
    T_OK(MPI_Add_error_code(cls, &code));
    T_OK(MPI_Add_error_string(code, "the frobnicator jammed"));
    MPI_Error_class(code, &got);
    T_CHECK(got == cls, "user code's class %d, expected %d", got, cls);
    char s[MPI_MAX_ERROR_STRING];
    int n;
    MPI_Error_string(code, s, &n);
    T_CHECK(strcmp(s, "the frobnicator jammed") == 0, "user string '%s'", s);
    T_ERRCLASS(MPI_Add_error_code(12345, &code), MPI_ERR_ARG);
    MPI_Error_string(MPI_ERR_TRUNCATE, s, &n);
    T_CHECK(strstr(s, "MPI_ERR_TRUNCATE"), "class string '%s'", s);
    return t_finish("p2p_errors");
}
