/* The datatype API: extents and true extents, envelopes and contents of
 * every constructor, dup with attributes, names, MPI_Type_match_size,
 * addresses, commit/free rules, datatype attributes and their callbacks,
 * and bad arguments with the right error classes. */
#include "t.h"

#include <stdint.h>

static void check_extent(MPI_Datatype t, MPI_Aint lb, MPI_Aint ext,
                         MPI_Aint tlb, MPI_Aint text, int size,
                         const char *what)
{
    MPI_Aint a, b;
    MPI_Count ca, cb;
    int s;
    T_OK(MPI_Type_get_extent(t, &a, &b));
    T_CHECK(a == lb && b == ext, "%s: lb %ld extent %ld, expected %ld %ld",
            what, (long)a, (long)b, (long)lb, (long)ext);
    T_OK(MPI_Type_get_extent_x(t, &ca, &cb));
    T_CHECK(ca == lb && cb == ext, "%s: _x lb/extent differ", what);
    T_OK(MPI_Type_get_true_extent(t, &a, &b));
    T_CHECK(a == tlb && b == text,
            "%s: true lb %ld extent %ld, expected %ld %ld", what, (long)a,
            (long)b, (long)tlb, (long)text);
    T_OK(MPI_Type_get_true_extent_x(t, &ca, &cb));
    T_CHECK(ca == tlb && cb == text, "%s: true _x differ", what);
    T_OK(MPI_Type_size(t, &s));
    T_CHECK(s == size, "%s: size %d, expected %d", what, s, size);
    MPI_Count sx;
    T_OK(MPI_Type_size_x(t, &sx));
    T_CHECK(sx == size, "%s: size_x %lld", what, (long long)sx);
    T_OK(MPI_Type_extent(t, &a));
    T_CHECK(a == ext, "%s: MPI_Type_extent %ld", what, (long)a);
    T_OK(MPI_Type_lb(t, &a));
    T_OK(MPI_Type_ub(t, &b));
    T_CHECK(a == lb && b == lb + ext, "%s: MPI_Type_lb/ub %ld %ld", what,
            (long)a, (long)b);
}

/* Checks the envelope, and that the contents rebuild an equal type. */
static void check_envelope(MPI_Datatype t, int comb, int ni, int na, int nd,
                           const char *what)
{
    int a, b, c, k;
    T_OK(MPI_Type_get_envelope(t, &a, &b, &c, &k));
    T_CHECK(k == comb && a == ni && b == na && c == nd,
            "%s: envelope %d %d %d combiner %d, expected %d %d %d %d", what,
            a, b, c, k, ni, na, nd, comb);
    int ints[64];
    MPI_Aint aints[64];
    MPI_Datatype types[64];
    T_OK(MPI_Type_get_contents(t, 64, 64, 64, ints, aints, types));
    /* Derived types come back as handles of their own. */
    for (int i = 0; i < c; i++) {
        int ci, ca, cd, ck;
        MPI_Type_get_envelope(types[i], &ci, &ca, &cd, &ck);
        if (ck != MPI_COMBINER_NAMED)
            T_OK(MPI_Type_free(&types[i]));
    }
}

static int deleted, copied;

static int copy_fn(MPI_Datatype t, int key, void *extra, void *in, void *out,
                   int *flag)
{
    (void)t;
    (void)key;
    (void)extra;
    copied++;
    *(void **)out = (char *)in + 1;
    *flag = 1;
    return MPI_SUCCESS;
}

static int del_fn(MPI_Datatype t, int key, void *val, void *extra)
{
    (void)t;
    (void)key;
    (void)val;
    deleted++;
    return extra == (void *)1 ? MPI_ERR_OTHER : MPI_SUCCESS;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype t, u, v;

    /* ---- constructors: extents and envelopes */
    T_OK(MPI_Type_contiguous(5, MPI_INT, &t));
    check_extent(t, 0, 20, 0, 20, 20, "contiguous");
    check_envelope(t, MPI_COMBINER_CONTIGUOUS, 1, 0, 1, "contiguous");
    T_OK(MPI_Type_vector(3, 2, 4, t, &u)); /* blocks of 2*20 bytes, 80 apart */
    check_extent(u, 0, 200, 0, 200, 120, "vector of contiguous");
    check_envelope(u, MPI_COMBINER_VECTOR, 3, 0, 1, "vector");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_create_hvector(2, 1, -16, MPI_DOUBLE, &u));
    check_extent(u, -16, 24, -16, 24, 16, "hvector");
    check_envelope(u, MPI_COMBINER_HVECTOR, 2, 1, 1, "hvector");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_hvector(2, 1, 16, MPI_DOUBLE, &u));
    check_envelope(u, MPI_COMBINER_HVECTOR, 2, 1, 1, "hvector (old)");
    T_OK(MPI_Type_free(&u));
    int bl[3] = {1, 2, 0}, di[3] = {4, 0, 100};
    T_OK(MPI_Type_indexed(3, bl, di, MPI_SHORT, &u));
    check_extent(u, 0, 10, 0, 10, 6, "indexed");
    check_envelope(u, MPI_COMBINER_INDEXED, 7, 0, 1, "indexed");
    T_OK(MPI_Type_free(&u));
    MPI_Aint ad[3] = {8, 0, 100};
    T_OK(MPI_Type_create_hindexed(3, bl, ad, MPI_SHORT, &u));
    check_extent(u, 0, 10, 0, 10, 6, "hindexed");
    check_envelope(u, MPI_COMBINER_HINDEXED, 4, 3, 1, "hindexed");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_hindexed(3, bl, ad, MPI_SHORT, &u));
    check_envelope(u, MPI_COMBINER_HINDEXED, 4, 3, 1, "hindexed (old)");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_create_indexed_block(3, 2, di, MPI_CHAR, &u));
    check_extent(u, 0, 102, 0, 102, 6, "indexed_block");
    check_envelope(u, MPI_COMBINER_INDEXED_BLOCK, 5, 0, 1, "indexed_block");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_create_hindexed_block(3, 1, ad, MPI_INT, &u));
    check_extent(u, 0, 104, 0, 104, 12, "hindexed_block");
    check_envelope(u, MPI_COMBINER_HINDEXED_BLOCK, 2, 3, 1,
                   "hindexed_block");
    T_OK(MPI_Type_free(&u));
    struct { char c; double d; int i; } cdi;
    MPI_Aint base, da[3];
    MPI_Get_address(&cdi, &base);
    MPI_Get_address(&cdi.c, &da[0]);
    MPI_Get_address(&cdi.d, &da[1]);
    MPI_Get_address(&cdi.i, &da[2]);
    for (int i = 0; i < 3; i++)
        da[i] = MPI_Aint_diff(da[i], base);
    int ones[3] = {1, 1, 1};
    MPI_Datatype ty[3] = {MPI_CHAR, MPI_DOUBLE, MPI_INT};
    T_OK(MPI_Type_create_struct(3, ones, da, ty, &u));
    check_extent(u, 0, sizeof cdi, 0, (MPI_Aint)da[2] + 4, 13, "struct");
    check_envelope(u, MPI_COMBINER_STRUCT, 4, 3, 3, "struct");
    T_OK(MPI_Type_free(&u));
    /* The deprecated markers, and MPI_Type_struct. */
    MPI_Datatype mty[3] = {MPI_LB, MPI_INT, MPI_UB};
    MPI_Aint md[3] = {-3, 0, 6};
    T_OK(MPI_Type_struct(3, ones, md, mty, &u));
    check_extent(u, -3, 9, 0, 4, 4, "struct with MPI_LB/MPI_UB");
    T_OK(MPI_Type_contiguous(2, u, &v));
    check_extent(v, -3, 18, 0, 13, 8, "contiguous of LB/UB struct");
    T_OK(MPI_Type_free(&v));
    T_OK(MPI_Type_free(&u));
    int sizes[2] = {10, 20}, subs[2] = {3, 4}, starts[2] = {2, 5};
    T_OK(MPI_Type_create_subarray(2, sizes, subs, starts, MPI_ORDER_C,
                                  MPI_DOUBLE, &u));
    check_extent(u, 0, 1600, (2 * 20 + 5) * 8, (2 * 20) * 8 + 32, 96,
                 "subarray C");
    check_envelope(u, MPI_COMBINER_SUBARRAY, 8, 0, 1, "subarray");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_create_subarray(2, sizes, subs, starts, MPI_ORDER_FORTRAN,
                                  MPI_DOUBLE, &u));
    check_extent(u, 0, 1600, (5 * 10 + 2) * 8, (3 * 10) * 8 + 24, 96,
                 "subarray Fortran");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_create_resized(t, -4, 40, &u));
    check_extent(u, -4, 40, 0, 20, 20, "resized");
    check_envelope(u, MPI_COMBINER_RESIZED, 0, 2, 1, "resized");
    /* Contents hand back derived types as new handles: freeing them, and
     * then t, leaves u working. */
    check_envelope(u, MPI_COMBINER_RESIZED, 0, 2, 1, "resized again");
    T_OK(MPI_Type_free(&t));
    check_extent(u, -4, 40, 0, 20, 20, "resized after freeing its old type");
    T_OK(MPI_Type_dup(u, &v));
    check_extent(v, -4, 40, 0, 20, 20, "dup");
    check_envelope(v, MPI_COMBINER_DUP, 0, 0, 1, "dup");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_free(&v));
    int a, b, c, k;
    T_OK(MPI_Type_get_envelope(MPI_INT, &a, &b, &c, &k));
    T_CHECK(k == MPI_COMBINER_NAMED && !a && !b && !c, "MPI_INT envelope");

    /* ---- names */
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    T_OK(MPI_Type_get_name(MPI_DOUBLE, name, &len));
    T_CHECK(!strcmp(name, "MPI_DOUBLE") && len == 10, "name '%s'", name);
    T_OK(MPI_Type_contiguous(2, MPI_INT, &t));
    T_OK(MPI_Type_get_name(t, name, &len));
    T_CHECK(len == 0, "a new type has a name: '%s'", name);
    T_OK(MPI_Type_set_name(t, "pair of ints"));
    T_OK(MPI_Type_get_name(t, name, &len));
    T_CHECK(!strcmp(name, "pair of ints"), "name '%s'", name);

    /* ---- commit, free, and use */
    int buf[4] = {0};
    T_ERRCLASS(MPI_Send(buf, 1, t, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE);
    T_OK(MPI_Type_commit(&t));
    T_OK(MPI_Type_commit(&t)); /* twice is fine */
    T_OK(MPI_Sendrecv(buf, 1, t, 0, 0, buf + 2, 1, t, 0, 0, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE));
    MPI_Datatype pre = MPI_INT;
    T_ERRCLASS(MPI_Type_free(&pre), MPI_ERR_TYPE);
    T_CHECK(pre == MPI_INT, "freeing MPI_INT changed the handle");
    T_OK(MPI_Type_commit(&pre)); /* committing a predefined type is fine */

    /* ---- attributes */
    int key, key2;
    T_OK(MPI_Type_create_keyval(copy_fn, del_fn, &key, NULL));
    T_OK(MPI_Type_create_keyval(MPI_TYPE_DUP_FN, MPI_TYPE_NULL_DELETE_FN,
                                &key2, NULL));
    int flag = 1;
    void *val;
    T_OK(MPI_Type_get_attr(t, key, &val, &flag));
    T_CHECK(!flag, "attribute set before it was set");
    static char payload[4] = "abc";
    T_OK(MPI_Type_set_attr(t, key, payload));
    T_OK(MPI_Type_set_attr(t, key2, payload + 2));
    T_OK(MPI_Type_get_attr(t, key, &val, &flag));
    T_CHECK(flag && val == payload, "attribute value %p", val);
    T_OK(MPI_Type_dup(t, &u));
    T_CHECK(copied == 1, "copy callback ran %d times", copied);
    T_OK(MPI_Type_get_attr(u, key, &val, &flag));
    T_CHECK(flag && val == payload + 1, "copied attribute %p", val);
    T_OK(MPI_Type_get_attr(u, key2, &val, &flag));
    T_CHECK(flag && val == payload + 2, "MPI_TYPE_DUP_FN copy %p", val);
    T_OK(MPI_Type_delete_attr(u, key));
    T_CHECK(deleted == 1, "delete callback ran %d times", deleted);
    T_OK(MPI_Type_get_attr(u, key, &val, &flag));
    T_CHECK(!flag, "deleted attribute still there");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_set_attr(MPI_INT, key2, payload)); /* on a predefined */
    T_OK(MPI_Type_delete_attr(MPI_INT, key2));
    /* Freeing the keyval leaves the attribute and its callbacks. */
    T_OK(MPI_Type_free_keyval(&key));
    T_CHECK(key == MPI_KEYVAL_INVALID, "keyval not reset");
    deleted = 0;
    T_OK(MPI_Type_free(&t));
    T_CHECK(deleted == 1, "freeing the type ran %d delete callbacks",
            deleted);
    /* A delete callback that fails makes the free fail. */
    int kfail;
    T_OK(MPI_Type_create_keyval(MPI_TYPE_NULL_COPY_FN, del_fn, &kfail,
                                (void *)1));
    T_OK(MPI_Type_contiguous(1, MPI_INT, &t));
    T_OK(MPI_Type_set_attr(t, kfail, NULL));
    T_ERRCLASS(MPI_Type_delete_attr(t, kfail), MPI_ERR_OTHER);
    T_ERRCLASS(MPI_Type_free(&t), MPI_ERR_OTHER);
    T_CHECK(t != MPI_DATATYPE_NULL, "failed free nulled the handle");
    T_OK(MPI_Type_dup(t, &u)); /* NULL_COPY_FN: not copied */
    T_OK(MPI_Type_get_attr(u, kfail, &val, &flag));
    T_CHECK(!flag, "MPI_TYPE_NULL_COPY_FN copied the attribute");
    T_OK(MPI_Type_free(&u));
    T_OK(MPI_Type_free_keyval(&kfail));
    /* t still holds the failing attribute; its keyval handle is gone. */
    T_ERRCLASS(MPI_Type_set_attr(t, key2 + 1000, NULL), MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Type_get_attr(t, MPI_KEYVAL_INVALID, &val, &flag),
               MPI_ERR_KEYVAL);
    T_ERRCLASS(MPI_Type_free_keyval(&key), MPI_ERR_KEYVAL);
    T_OK(MPI_Type_free_keyval(&key2));

    /* ---- match_size, addresses */
    MPI_Datatype m;
    T_OK(MPI_Type_match_size(MPI_TYPECLASS_INTEGER, 8, &m));
    int s;
    MPI_Type_size(m, &s);
    T_CHECK(s == 8, "integer of 8 bytes has size %d", s);
    T_OK(MPI_Type_match_size(MPI_TYPECLASS_REAL, 8, &m));
    T_CHECK(m == MPI_DOUBLE_PRECISION, "real*8 is not MPI_DOUBLE_PRECISION");
    T_OK(MPI_Type_match_size(MPI_TYPECLASS_REAL, sizeof(long double), &m));
    MPI_Type_size(m, &s);
    T_CHECK(s == (int)sizeof(long double), "long real size %d", s);
    T_OK(MPI_Type_match_size(MPI_TYPECLASS_COMPLEX, 16, &m));
    T_CHECK(m == MPI_DOUBLE_COMPLEX, "complex*16");
    T_ERRCLASS(MPI_Type_match_size(MPI_TYPECLASS_REAL, 3, &m), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_match_size(42, 4, &m), MPI_ERR_ARG);
    double arr[4];
    MPI_Aint a0, a3;
    T_OK(MPI_Get_address(&arr[0], &a0));
    T_OK(MPI_Address(&arr[3], &a3));
    T_CHECK(MPI_Aint_diff(a3, a0) == 24, "Aint_diff");
    T_CHECK(MPI_Aint_add(a0, 24) == a3, "Aint_add");

    /* ---- bad arguments */
    int rc = MPI_Type_contiguous(-1, MPI_INT, &t);
    T_ERRCLASS(rc, MPI_ERR_COUNT);
    char s2[MPI_MAX_ERROR_STRING];
    MPI_Error_string(rc, s2, &len);
    T_CHECK(strstr(s2, "MPI_Type_contiguous") && strstr(s2, "count"),
            "error string '%s'", s2);
    T_ERRCLASS(MPI_Type_contiguous(1, MPI_DATATYPE_NULL, &t), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_contiguous(1, (MPI_Datatype)MPI_COMM_WORLD, &t),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_contiguous(1, MPI_INT, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_vector(-2, 1, 1, MPI_INT, &t), MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Type_vector(2, -1, 1, MPI_INT, &t), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_hvector(2, -1, 1, MPI_INT, &t), MPI_ERR_ARG);
    int nbl[2] = {1, -1};
    T_ERRCLASS(MPI_Type_indexed(2, nbl, di, MPI_INT, &t), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_indexed(2, bl, NULL, MPI_INT, &t), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_hindexed(2, NULL, ad, MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_indexed_block(-1, 1, di, MPI_INT, &t),
               MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Type_create_hindexed_block(1, -1, ad, MPI_INT, &t),
               MPI_ERR_ARG);
    MPI_Datatype badty[2] = {MPI_INT, MPI_DATATYPE_NULL};
    T_ERRCLASS(MPI_Type_create_struct(2, ones, da, badty, &t), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_create_struct(-1, ones, da, ty, &t), MPI_ERR_COUNT);
    int bsub[2] = {11, 4}, bst[2] = {0, 17};
    T_ERRCLASS(MPI_Type_create_subarray(2, sizes, bsub, starts, MPI_ORDER_C,
                                        MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_subarray(2, sizes, subs, bst, MPI_ORDER_C,
                                        MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_subarray(2, sizes, subs, starts, 7, MPI_INT,
                                        &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_subarray(0, sizes, subs, starts, MPI_ORDER_C,
                                        MPI_INT, &t),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_resized(MPI_DATATYPE_NULL, 0, 4, &t),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_dup(MPI_DATATYPE_NULL, &t), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_commit(NULL), MPI_ERR_ARG);
    MPI_Datatype nul = MPI_DATATYPE_NULL;
    T_ERRCLASS(MPI_Type_commit(&nul), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_free(&nul), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_size(MPI_DATATYPE_NULL, &s), MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_size(MPI_INT, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_get_extent(MPI_INT, NULL, &a0), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_get_true_extent(MPI_DATATYPE_NULL, &a0, &a3),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Type_get_contents(MPI_INT, 1, 1, 1, buf, ad, &m),
               MPI_ERR_ARG);
    T_OK(MPI_Type_vector(2, 1, 2, MPI_INT, &u));
    T_ERRCLASS(MPI_Type_get_contents(u, 2, 0, 1, buf, ad, &m), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_set_name(u, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_get_name(u, NULL, &len), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Get_address(arr, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_create_keyval(copy_fn, del_fn, NULL, NULL),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Type_set_attr(MPI_DATATYPE_NULL, key2, NULL),
               MPI_ERR_TYPE);
    T_ERRCLASS(MPI_Get_elements(NULL, MPI_INT, &s), MPI_ERR_ARG);
    MPI_Status st;
    T_ERRCLASS(MPI_Status_set_elements(&st, MPI_INT, -1), MPI_ERR_COUNT);
    T_OK(MPI_Type_free(&u));
    /* t still has the attribute whose delete callback fails. */
    return t_finish("dtype_api");
}
