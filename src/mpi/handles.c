/*
 * handles.c -- converting handles to and from Fortran integers (MPI
 * chapter 17.2.4): MPI_Comm_c2f, MPI_Comm_f2c and the same for groups,
 * datatypes, requests, operations, info objects, error handlers,
 * messages and windows.
 *
 * Each kind has a table of the handles converted so far; a handle's
 * integer is its index there.  The numbering, which a Fortran binding (or
 * a program that stores integers) sees:
 *
 *   0                       every null handle (MPI_COMM_NULL, ...)
 *   1, 2, ...               the predefined handles, in a fixed order:
 *     communicators         MPI_COMM_WORLD = 1, MPI_COMM_SELF = 2
 *     groups                MPI_GROUP_EMPTY = 1
 *     datatypes             the order of the FTMPI_DT list in mpi.h:
 *                           MPI_CHAR = 1, MPI_SIGNED_CHAR = 2, ...,
 *                           MPI_INT = 8, ..., MPI_UB = 50
 *     operations            MPI_MAX = 1 ... MPI_NO_OP = 14 (mpi.h order)
 *     info objects          MPI_INFO_ENV = 1
 *     error handlers        MPI_ERRORS_ARE_FATAL = 1, MPI_ERRORS_RETURN =
 *                           2, MPI_ERRORS_ABORT = 3
 *     messages              MPI_MESSAGE_NO_PROC = 1
 *     windows               none
 *   next ones               user objects, numbered at their first c2f
 *
 * An f2c of an integer that was never given out returns the null handle.
 * Entries are not removed when an object is freed: an object made later
 * at the same address gets the same number back, so the table grows only
 * with the number of live objects at once (requests come from a pool).
 */
#include <stdint.h>
#include <stdlib.h>

#include "mpi/api.h"

#pragma weak MPI_Comm_c2f = PMPI_Comm_c2f
#pragma weak MPI_Comm_f2c = PMPI_Comm_f2c
#pragma weak MPI_Type_c2f = PMPI_Type_c2f
#pragma weak MPI_Type_f2c = PMPI_Type_f2c
#pragma weak MPI_Group_c2f = PMPI_Group_c2f
#pragma weak MPI_Group_f2c = PMPI_Group_f2c
#pragma weak MPI_Request_c2f = PMPI_Request_c2f
#pragma weak MPI_Request_f2c = PMPI_Request_f2c
#pragma weak MPI_Op_c2f = PMPI_Op_c2f
#pragma weak MPI_Op_f2c = PMPI_Op_f2c
#pragma weak MPI_Info_c2f = PMPI_Info_c2f
#pragma weak MPI_Info_f2c = PMPI_Info_f2c
#pragma weak MPI_Errhandler_c2f = PMPI_Errhandler_c2f
#pragma weak MPI_Errhandler_f2c = PMPI_Errhandler_f2c
#pragma weak MPI_Message_c2f = PMPI_Message_c2f
#pragma weak MPI_Message_f2c = PMPI_Message_f2c
#pragma weak MPI_Win_c2f = PMPI_Win_c2f
#pragma weak MPI_Win_f2c = PMPI_Win_f2c

/* The reduction operations live in the collective layer; until it defines
 * them, their addresses are NULL and their numbers stay reserved. */
#pragma weak ftmpi_op_max
#pragma weak ftmpi_op_min
#pragma weak ftmpi_op_sum
#pragma weak ftmpi_op_prod
#pragma weak ftmpi_op_land
#pragma weak ftmpi_op_band
#pragma weak ftmpi_op_lor
#pragma weak ftmpi_op_bor
#pragma weak ftmpi_op_lxor
#pragma weak ftmpi_op_bxor
#pragma weak ftmpi_op_maxloc
#pragma weak ftmpi_op_minloc
#pragma weak ftmpi_op_replace
#pragma weak ftmpi_op_no_op

struct htab {
    const void *const *predef; /* index 1.. of the predefined handles */
    int npredef;
    const void **obj; /* index -> handle; obj[0] is the null handle */
    int n, cap;
    int *slots; /* open addressing: handle -> index, 0 when empty */
    unsigned nslots;
};

static unsigned hash(const void *p, unsigned nslots)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0x9e3779b97f4a7c15ull;
    return (unsigned)(x >> 32) & (nslots - 1);
}

static void put_slot(struct htab *t, int index)
{
    unsigned h = hash(t->obj[index], t->nslots);
    while (t->slots[h])
        h = (h + 1) & (t->nslots - 1);
    t->slots[h] = index;
}

/* Makes room for one more entry; false when out of memory. */
static bool grow(struct htab *t)
{
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 64;
        const void **o = realloc(t->obj, (size_t)cap * sizeof *o);
        if (!o)
            return false;
        t->obj = o;
        t->cap = cap;
    }
    if ((unsigned)(t->n + 1) * 2 > t->nslots) {
        unsigned ns = t->nslots ? 2 * t->nslots : 128;
        int *s = calloc(ns, sizeof *s);
        if (!s)
            return false;
        free(t->slots);
        t->slots = s;
        t->nslots = ns;
        for (int i = 1; i < t->n; i++)
            if (t->obj[i])
                put_slot(t, i);
    }
    return true;
}

/* Puts the null and predefined handles in place on first use. */
static bool ready(struct htab *t)
{
    if (t->n)
        return true;
    if (!grow(t))
        return false;
    t->obj[t->n++] = NULL;
    for (int i = 0; i < t->npredef; i++) {
        if (!grow(t))
            return false;
        t->obj[t->n] = t->predef[i];
        if (t->predef[i]) /* a weak one still undefined keeps its number */
            put_slot(t, t->n);
        t->n++;
    }
    return true;
}

static MPI_Fint c2f(struct htab *t, const void *h)
{
    if (!h || !ready(t))
        return 0;
    unsigned s = hash(h, t->nslots);
    for (; t->slots[s]; s = (s + 1) & (t->nslots - 1))
        if (t->obj[t->slots[s]] == h)
            return t->slots[s];
    if (!grow(t))
        return 0; /* out of memory: nothing better to return */
    t->obj[t->n] = h;
    put_slot(t, t->n);
    return t->n++;
}

static const void *f2c(struct htab *t, MPI_Fint i)
{
    if (!ready(t) || i <= 0 || i >= t->n)
        return NULL;
    return t->obj[i];
}

#define TABLE(name, ...)                                                      \
    static const void *const name##_predef[] = {__VA_ARGS__};                 \
    static struct htab name##_tab = {                                         \
        name##_predef, (int)(sizeof name##_predef / sizeof(void *)), NULL,    \
        0, 0, NULL, 0};

TABLE(comm, MPI_COMM_WORLD, MPI_COMM_SELF)
TABLE(group, MPI_GROUP_EMPTY)
TABLE(info, MPI_INFO_ENV)
TABLE(errh, MPI_ERRORS_ARE_FATAL, MPI_ERRORS_RETURN, MPI_ERRORS_ABORT)
TABLE(msg, MPI_MESSAGE_NO_PROC)
TABLE(op, MPI_MAX, MPI_MIN, MPI_SUM, MPI_PROD, MPI_LAND, MPI_BAND, MPI_LOR,
      MPI_BOR, MPI_LXOR, MPI_BXOR, MPI_MAXLOC, MPI_MINLOC, MPI_REPLACE,
      MPI_NO_OP)
TABLE(type, &ftmpi_dt_char, &ftmpi_dt_signed_char, &ftmpi_dt_unsigned_char,
      &ftmpi_dt_byte, &ftmpi_dt_wchar, &ftmpi_dt_short,
      &ftmpi_dt_unsigned_short, &ftmpi_dt_int, &ftmpi_dt_unsigned,
      &ftmpi_dt_long, &ftmpi_dt_unsigned_long, &ftmpi_dt_long_long,
      &ftmpi_dt_unsigned_long_long, &ftmpi_dt_float, &ftmpi_dt_double,
      &ftmpi_dt_long_double, &ftmpi_dt_c_bool, &ftmpi_dt_int8_t,
      &ftmpi_dt_int16_t, &ftmpi_dt_int32_t, &ftmpi_dt_int64_t,
      &ftmpi_dt_uint8_t, &ftmpi_dt_uint16_t, &ftmpi_dt_uint32_t,
      &ftmpi_dt_uint64_t, &ftmpi_dt_aint, &ftmpi_dt_offset, &ftmpi_dt_count,
      &ftmpi_dt_c_float_complex, &ftmpi_dt_c_double_complex,
      &ftmpi_dt_c_long_double_complex, &ftmpi_dt_packed,
      &ftmpi_dt_float_int, &ftmpi_dt_double_int, &ftmpi_dt_long_int,
      &ftmpi_dt_2int, &ftmpi_dt_short_int, &ftmpi_dt_long_double_int,
      &ftmpi_dt_integer, &ftmpi_dt_real, &ftmpi_dt_double_precision,
      &ftmpi_dt_complex, &ftmpi_dt_double_complex, &ftmpi_dt_logical,
      &ftmpi_dt_character, &ftmpi_dt_2integer, &ftmpi_dt_2real,
      &ftmpi_dt_2double_precision, &ftmpi_dt_lb, &ftmpi_dt_ub)
static struct htab req_tab; /* no predefined request */
static struct htab win_tab;  /* no predefined window */

#define CONVERT(Name, type, tab)                                              \
    MPI_Fint PMPI_##Name##_c2f(type h) { return c2f(&tab##_tab, h); }        \
    type PMPI_##Name##_f2c(MPI_Fint i) { return (type)f2c(&tab##_tab, i); }

CONVERT(Comm, MPI_Comm, comm)
CONVERT(Group, MPI_Group, group)
CONVERT(Type, MPI_Datatype, type)
CONVERT(Request, MPI_Request, req)
CONVERT(Op, MPI_Op, op)
CONVERT(Info, MPI_Info, info)
CONVERT(Errhandler, MPI_Errhandler, errh)
CONVERT(Message, MPI_Message, msg)
CONVERT(Win, MPI_Win, win)
