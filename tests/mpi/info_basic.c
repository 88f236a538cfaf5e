/* The info object: set, get (with truncation), valuelen, delete, nkeys,
 * nthkey in order, dup, free; MPI_INFO_ENV; every bad argument and the
 * length limits. */
#include "t.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Info info, dup;
    T_OK(MPI_Info_create(&info));
    int n = -1, flag = -1, len = -1;
    T_OK(MPI_Info_get_nkeys(info, &n));
    T_CHECK(n == 0, "new info has %d keys", n);
    T_OK(MPI_Info_set(info, "alpha", "1"));
    T_OK(MPI_Info_set(info, "beta", "twenty-two"));
    T_OK(MPI_Info_set(info, "gamma", "333"));
    T_OK(MPI_Info_set(info, "alpha", "one")); /* replaces, keeps its place */
    T_OK(MPI_Info_get_nkeys(info, &n));
    T_CHECK(n == 3, "nkeys %d", n);
    char key[MPI_MAX_INFO_KEY + 1], val[MPI_MAX_INFO_VAL + 1];
    const char *order[] = {"alpha", "beta", "gamma"};
    for (int i = 0; i < 3; i++) {
        T_OK(MPI_Info_get_nthkey(info, i, key));
        T_CHECK(strcmp(key, order[i]) == 0, "key %d is '%s'", i, key);
    }
    T_OK(MPI_Info_get(info, "alpha", MPI_MAX_INFO_VAL, val, &flag));
    T_CHECK(flag && strcmp(val, "one") == 0, "alpha = '%s'", val);
    T_OK(MPI_Info_get_valuelen(info, "beta", &len, &flag));
    T_CHECK(flag && len == 10, "valuelen %d", len);
    /* valuelen counts characters; the terminator goes after them. */
    memset(val, 'x', sizeof val);
    T_OK(MPI_Info_get(info, "beta", 4, val, &flag));
    T_CHECK(flag && strcmp(val, "twen") == 0, "truncated '%s'", val);
    T_OK(MPI_Info_get(info, "beta", 0, val, &flag));
    T_CHECK(flag && val[0] == 0, "valuelen 0 gave '%s'", val);
    T_OK(MPI_Info_get(info, "delta", 10, val, &flag));
    T_CHECK(!flag, "absent key found");
    T_OK(MPI_Info_get_valuelen(info, "delta", &len, &flag));
    T_CHECK(!flag, "absent key has a length");

    /* Dup is independent. */
    T_OK(MPI_Info_dup(info, &dup));
    T_OK(MPI_Info_delete(info, "alpha"));
    T_OK(MPI_Info_get_nkeys(info, &n));
    T_CHECK(n == 2, "after delete %d keys", n);
    T_OK(MPI_Info_get_nthkey(info, 0, key));
    T_CHECK(strcmp(key, "beta") == 0, "first key now '%s'", key);
    T_OK(MPI_Info_get(dup, "alpha", 10, val, &flag));
    T_CHECK(flag && strcmp(val, "one") == 0, "dup lost alpha");
    T_OK(MPI_Info_get_nkeys(dup, &n));
    T_CHECK(n == 3, "dup has %d keys", n);

    /* Limits: keys up to MPI_MAX_INFO_KEY, values up to MPI_MAX_INFO_VAL
     * characters. */
    char longkey[MPI_MAX_INFO_KEY + 2], longval[MPI_MAX_INFO_VAL + 2];
    memset(longkey, 'k', sizeof longkey);
    longkey[MPI_MAX_INFO_KEY] = 0;
    memset(longval, 'v', sizeof longval);
    longval[MPI_MAX_INFO_VAL] = 0;
    T_OK(MPI_Info_set(info, longkey, longval));
    T_OK(MPI_Info_get_valuelen(info, longkey, &len, &flag));
    T_CHECK(flag && len == MPI_MAX_INFO_VAL, "long value %d", len);
    T_OK(MPI_Info_get_nthkey(info, 2, key));
    T_CHECK(strlen(key) == MPI_MAX_INFO_KEY, "long key %zu", strlen(key));
    longkey[MPI_MAX_INFO_KEY] = 'k';
    longkey[MPI_MAX_INFO_KEY + 1] = 0;
    longval[MPI_MAX_INFO_VAL] = 'v';
    longval[MPI_MAX_INFO_VAL + 1] = 0;
    T_ERRCLASS(MPI_Info_set(info, longkey, "x"), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_set(info, "k", longval), MPI_ERR_INFO_VALUE);
    T_ERRCLASS(MPI_Info_get(info, longkey, 5, val, &flag), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_delete(info, longkey), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_get_valuelen(info, longkey, &len, &flag),
               MPI_ERR_INFO_KEY);

    /* Every other bad argument. */
    MPI_Info bogus = (MPI_Info)MPI_COMM_WORLD, nul = MPI_INFO_NULL;
    T_ERRCLASS(MPI_Info_create(NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_set(MPI_INFO_NULL, "a", "b"), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_set(bogus, "a", "b"), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_set(info, "", "b"), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_set(info, NULL, "b"), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_set(info, "a", ""), MPI_ERR_INFO_VALUE);
    T_ERRCLASS(MPI_Info_set(info, "a", NULL), MPI_ERR_INFO_VALUE);
    T_ERRCLASS(MPI_Info_delete(info, "nope"), MPI_ERR_INFO_NOKEY);
    T_ERRCLASS(MPI_Info_delete(MPI_INFO_NULL, "a"), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_get(info, "beta", -1, val, &flag), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get(info, "beta", 5, NULL, &flag), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get(info, "beta", 5, val, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get(info, "", 5, val, &flag), MPI_ERR_INFO_KEY);
    T_ERRCLASS(MPI_Info_get(bogus, "a", 5, val, &flag), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_get_valuelen(info, "beta", NULL, &flag),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get_nkeys(info, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get_nkeys(MPI_INFO_NULL, &n), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_get_nthkey(info, 3, key), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get_nthkey(info, -1, key), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_get_nthkey(info, 0, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_dup(info, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_dup(MPI_INFO_NULL, &dup), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_free(NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Info_free(&nul), MPI_ERR_INFO);
    char s[MPI_MAX_ERROR_STRING];
    int code = MPI_Info_delete(info, "nope");
    MPI_Error_string(code, s, &len);
    T_CHECK(strstr(s, "MPI_Info_delete") && strstr(s, "nope"),
            "error string '%s'", s);

    /* MPI_INFO_ENV: readable, copyable, not changeable or freeable. */
    T_OK(MPI_Info_get_nkeys(MPI_INFO_ENV, &n));
    T_CHECK(n > 0, "MPI_INFO_ENV is empty");
    T_OK(MPI_Info_get(MPI_INFO_ENV, "command", MPI_MAX_INFO_VAL, val,
                      &flag));
    T_CHECK(flag && strstr(val, "info_basic"), "command '%s'", val);
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    T_OK(MPI_Info_get(MPI_INFO_ENV, "maxprocs", 20, val, &flag));
    T_CHECK(flag && atoi(val) == size, "maxprocs '%s'", val);
    MPI_Info env2;
    T_OK(MPI_Info_dup(MPI_INFO_ENV, &env2));
    T_OK(MPI_Info_set(env2, "command", "mine")); /* the copy is ours */
    T_OK(MPI_Info_free(&env2));
    MPI_Info env = MPI_INFO_ENV;
    T_ERRCLASS(MPI_Info_free(&env), MPI_ERR_INFO);
    T_CHECK(env == MPI_INFO_ENV, "handle changed");
    T_ERRCLASS(MPI_Info_set(MPI_INFO_ENV, "a", "b"), MPI_ERR_INFO);
    T_ERRCLASS(MPI_Info_delete(MPI_INFO_ENV, "command"), MPI_ERR_INFO);
    T_OK(MPI_Info_get(MPI_INFO_ENV, "command", MPI_MAX_INFO_VAL, val,
                      &flag));
    T_CHECK(flag && strstr(val, "info_basic"), "command now '%s'", val);

    T_OK(MPI_Info_free(&info));
    T_CHECK(info == MPI_INFO_NULL, "free did not reset the handle");
    T_OK(MPI_Info_free(&dup));
    return t_finish("info_basic");
}
