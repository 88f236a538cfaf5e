/* Handle conversion to and from Fortran integers: null handles are 0,
 * predefined ones have fixed numbers, user objects round-trip, unknown
 * numbers give null handles. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);

    T_CHECK(MPI_Comm_c2f(MPI_COMM_NULL) == 0, "comm null");
    T_CHECK(MPI_Comm_c2f(MPI_COMM_WORLD) == 1, "world");
    T_CHECK(MPI_Comm_c2f(MPI_COMM_SELF) == 2, "self");
    T_CHECK(MPI_Comm_f2c(0) == MPI_COMM_NULL, "f2c 0");
    T_CHECK(MPI_Comm_f2c(1) == MPI_COMM_WORLD, "f2c 1");
    T_CHECK(MPI_Comm_f2c(12345) == MPI_COMM_NULL, "f2c unknown");
    T_CHECK(MPI_Comm_f2c(-4) == MPI_COMM_NULL, "f2c negative");
    T_CHECK(MPI_Group_c2f(MPI_GROUP_EMPTY) == 1, "group empty");
    T_CHECK(MPI_Group_c2f(MPI_GROUP_NULL) == 0, "group null");
    T_CHECK(MPI_Type_c2f(MPI_DATATYPE_NULL) == 0, "type null");
    T_CHECK(MPI_Type_c2f(MPI_CHAR) == 1, "char");
    T_CHECK(MPI_Type_c2f(MPI_INT) == 8, "int");
    T_CHECK(MPI_Type_c2f(MPI_UB) == 50, "ub");
    T_CHECK(MPI_Type_f2c(15) == MPI_DOUBLE, "double");
    T_CHECK(MPI_Info_c2f(MPI_INFO_ENV) == 1, "info env");
    T_CHECK(MPI_Info_f2c(0) == MPI_INFO_NULL, "info null");
    T_CHECK(MPI_Errhandler_c2f(MPI_ERRORS_ARE_FATAL) == 1, "fatal");
    T_CHECK(MPI_Errhandler_c2f(MPI_ERRORS_RETURN) == 2, "return");
    T_CHECK(MPI_Errhandler_c2f(MPI_ERRORS_ABORT) == 3, "abort");
    T_CHECK(MPI_Message_c2f(MPI_MESSAGE_NO_PROC) == 1, "no proc");
    T_CHECK(MPI_Message_c2f(MPI_MESSAGE_NULL) == 0, "message null");
    T_CHECK(MPI_Op_c2f(MPI_OP_NULL) == 0, "op null");
    T_CHECK(MPI_Op_f2c(0) == MPI_OP_NULL, "op f2c 0");
    T_CHECK(MPI_Request_c2f(MPI_REQUEST_NULL) == 0, "request null");

    /* User objects: a number at first use, the same one after, distinct
     * from the others and from the predefined ones. */
    MPI_Comm c1, c2;
    MPI_Comm_dup(MPI_COMM_WORLD, &c1);
    MPI_Comm_dup(MPI_COMM_WORLD, &c2);
    MPI_Fint f1 = MPI_Comm_c2f(c1), f2 = MPI_Comm_c2f(c2);
    T_CHECK(f1 > 2 && f2 > 2 && f1 != f2, "comm numbers %d %d", f1, f2);
    T_CHECK(MPI_Comm_c2f(c1) == f1, "not stable");
    T_CHECK(MPI_Comm_f2c(f1) == c1 && MPI_Comm_f2c(f2) == c2, "round trip");
    MPI_Group g;
    MPI_Comm_group(c1, &g);
    T_CHECK(MPI_Group_f2c(MPI_Group_c2f(g)) == g, "group round trip");
    MPI_Info info;
    MPI_Info_create(&info);
    T_CHECK(MPI_Info_f2c(MPI_Info_c2f(info)) == info, "info round trip");
    MPI_Errhandler eh;
    MPI_Comm_get_errhandler(c1, &eh);
    T_CHECK(MPI_Errhandler_f2c(MPI_Errhandler_c2f(eh)) == eh, "errhandler");
    MPI_Datatype t = MPI_LONG;
    T_CHECK(MPI_Type_f2c(MPI_Type_c2f(t)) == t, "type round trip");
    int x = 0;
    MPI_Request r;
    MPI_Irecv(&x, 1, MPI_INT, MPI_PROC_NULL, 0, c1, &r);
    MPI_Fint fr = MPI_Request_c2f(r);
    T_CHECK(fr > 0 && MPI_Request_f2c(fr) == r, "request round trip");
    T_OK(MPI_Wait(&r, MPI_STATUS_IGNORE));
    MPI_Info_free(&info);
    MPI_Group_free(&g);
    MPI_Errhandler_free(&eh);
    MPI_Comm_free(&c1);
    MPI_Comm_free(&c2);
    return t_finish("comm_handles");
}
