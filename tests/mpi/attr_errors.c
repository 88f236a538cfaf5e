/* Every bad argument of the attribute functions, with its class; and
 * callbacks that fail, whose code the calls return. */
#include "t.h"


static int fail_copy(MPI_Comm c, int k, void *extra, void *in, void *out,
                     int *flag)
{
    (void)c, (void)k, (void)extra, (void)in, (void)out;
    *flag = 1;
    return MPI_ERR_OTHER;
}

static int fail_delete(MPI_Comm c, int k, void *v, void *extra)
{
    (void)c, (void)k, (void)extra;
    return v == (void *)1L ? MPI_ERR_ARG : MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm w = MPI_COMM_WORLD;
    MPI_Comm_set_errhandler(w, MPI_ERRORS_RETURN);
    int k, flag;
    void *v;

    T_ERRCLASS(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN,
                                      MPI_COMM_NULL_DELETE_FN, NULL, NULL),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Keyval_create(MPI_NULL_COPY_FN, MPI_NULL_DELETE_FN, NULL,
                                 NULL),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_free_keyval(NULL), MPI_ERR_ARG);
    int bad = 99999, inv = MPI_KEYVAL_INVALID, tag_ub = MPI_TAG_UB;
    T_ERRCLASS(MPI_Comm_free_keyval(&bad), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_free_keyval(&inv), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_free_keyval(&tag_ub), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Keyval_free(&tag_ub), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_set_attr(w, bad, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_set_attr(w, MPI_KEYVAL_INVALID, NULL),
               MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_set_attr(w, MPI_TAG_UB, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Attr_put(w, MPI_HOST, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_delete_attr(w, MPI_TAG_UB), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Attr_delete(w, bad), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_get_attr(w, bad, &v, &flag), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_get_attr(w, MPI_TAG_UB, NULL, &flag), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_get_attr(w, MPI_TAG_UB, &v, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_get_attr(MPI_COMM_NULL, MPI_TAG_UB, &v, &flag),
               MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_set_attr(MPI_COMM_NULL, bad, NULL), MPI_ERR_COMM);
    T_ERRCLASS(MPI_Comm_delete_attr(MPI_COMM_NULL, bad), MPI_ERR_COMM);

    /* Keyvals of the other kind. */
    int tk, ck;
    T_OK(MPI_Type_create_keyval(MPI_TYPE_NULL_COPY_FN,
                                MPI_TYPE_NULL_DELETE_FN, &tk, NULL));
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN,
                                MPI_COMM_NULL_DELETE_FN, &ck, NULL));
    T_ERRCLASS(MPI_Comm_set_attr(w, tk, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_get_attr(w, tk, &v, &flag), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_free_keyval(&tk), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Type_set_attr(MPI_INT, ck, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Type_free_keyval(&ck), MPI_ERR_KEYVAL);
    char s[MPI_MAX_ERROR_STRING];
    int len, code = MPI_Comm_delete_attr(w, tk);
    MPI_Error_string(code, s, &len);
    T_CHECK(strstr(s, "datatype keyval"), "error string '%s'", s);
    T_OK(MPI_Type_free_keyval(&tk));
    T_OK(MPI_Comm_free_keyval(&ck));

    /* A keyval freed twice. */
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN,
                                MPI_COMM_NULL_DELETE_FN, &k, NULL));
    int k2 = k;
    T_OK(MPI_Comm_free_keyval(&k));
    T_ERRCLASS(MPI_Comm_free_keyval(&k2), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Comm_set_attr(w, k2, NULL), MPI_ERR_KEYVAL);

    /* A failing delete callback: set, delete and free fail with its code
     * and leave the value in place. */
    MPI_Comm c;
    MPI_Comm_dup(w, &c);
    T_OK(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, fail_delete, &k,
                                NULL));
    T_OK(MPI_Comm_set_attr(c, k, (void *)1L));
    T_ERRCLASS(MPI_Comm_set_attr(c, k, (void *)2L), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Comm_delete_attr(c, k), MPI_ERR_ARG);
    MPI_Comm keep = c;
    T_ERRCLASS(MPI_Comm_free(&c), MPI_ERR_ARG);
    T_CHECK(c == keep, "a failed free reset the handle");
    T_OK(MPI_Comm_get_attr(c, k, &v, &flag));
    T_CHECK(flag && v == (void *)1L, "value changed by failed calls");
    /* A failing copy callback: dup fails and makes nothing. */
    int kc;
    T_OK(MPI_Comm_create_keyval(fail_copy, MPI_COMM_NULL_DELETE_FN, &kc,
                                NULL));
    T_OK(MPI_Comm_set_attr(c, kc, (void *)3L));
    MPI_Comm d = MPI_COMM_NULL;
    T_ERRCLASS(MPI_Comm_dup(c, &d), MPI_ERR_OTHER);
    T_CHECK(d == MPI_COMM_NULL, "failed dup set newcomm");
    T_OK(MPI_Comm_delete_attr(c, kc));
    /* Once the value is one its callback accepts, free works. */
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    T_ERRCLASS(MPI_Comm_set_attr(c, k, (void *)5L), MPI_ERR_ARG);
    T_OK(MPI_Comm_free_keyval(&k));
    T_OK(MPI_Comm_free_keyval(&kc));
    /* The value 1 cannot be deleted: the communicator stays; the test
     * leaves it (and so its freed keyval) to MPI_Finalize. */
    return t_finish("attr_errors");
}
