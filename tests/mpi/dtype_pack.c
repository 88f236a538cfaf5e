/* MPI_Pack/MPI_Unpack round trips (several pieces in one buffer, sent as
 * MPI_PACKED and unpacked on the other side, or received typed), sizes and
 * truncation, and MPI_Pack_external: big-endian bytes, fixed external32
 * sizes, derived types, and data that travels between ranks packed. */
#include "t.h"

struct part {
    short s;
    long l;
    double d;
};

static MPI_Datatype part_type(void)
{
    MPI_Datatype t;
    int bl[3] = {1, 1, 1};
    MPI_Aint d[3] = {offsetof(struct part, s), offsetof(struct part, l),
                     offsetof(struct part, d)};
    MPI_Datatype ty[3] = {MPI_SHORT, MPI_LONG, MPI_DOUBLE};
    MPI_Type_create_struct(3, bl, d, ty, &t);
    MPI_Type_commit(&t);
    return t;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype pt = part_type(), every2;
    T_OK(MPI_Type_vector(50, 1, 2, MPI_INT, &every2));
    T_OK(MPI_Type_commit(&every2));

    /* ---- native: an int count, 50 ints out of 100, 3 structs. */
    int n = 3, ints[100];
    struct part parts[3];
    for (int i = 0; i < 100; i++)
        ints[i] = rank * 1000 + i;
    for (int i = 0; i < 3; i++)
        parts[i] = (struct part){(short)(i - 1), -100000L * i, i / 4.0};
    int s1, s2, s3;
    T_OK(MPI_Pack_size(1, MPI_INT, MPI_COMM_WORLD, &s1));
    T_OK(MPI_Pack_size(1, every2, MPI_COMM_WORLD, &s2));
    T_OK(MPI_Pack_size(3, pt, MPI_COMM_WORLD, &s3));
    T_CHECK(s1 == 4 && s2 == 200 && s3 == 3 * (2 + (int)sizeof(long) + 8),
            "pack sizes %d %d %d", s1, s2, s3);
    int total = s1 + s2 + s3;
    char *packed = malloc((size_t)total), *other = malloc((size_t)total);
    int pos = 0;
    T_OK(MPI_Pack(&n, 1, MPI_INT, packed, total, &pos, MPI_COMM_WORLD));
    T_OK(MPI_Pack(ints, 1, every2, packed, total, &pos, MPI_COMM_WORLD));
    T_OK(MPI_Pack(parts, 3, pt, packed, total, &pos, MPI_COMM_WORLD));
    T_CHECK(pos == total, "position %d after packing, expected %d", pos,
            total);
    /* No room left: truncation, position unchanged. */
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_INT, packed, total, &pos, MPI_COMM_WORLD),
               MPI_ERR_TRUNCATE);
    T_CHECK(pos == total, "failed pack moved the position");
    /* Unpack here: same values. */
    int n2 = 0, ints2[50];
    struct part parts2[3];
    memset(parts2, 0, sizeof parts2);
    pos = 0;
    T_OK(MPI_Unpack(packed, total, &pos, &n2, 1, MPI_INT, MPI_COMM_WORLD));
    T_OK(MPI_Unpack(packed, total, &pos, ints2, 50, MPI_INT,
                    MPI_COMM_WORLD));
    T_OK(MPI_Unpack(packed, total, &pos, parts2, 3, pt, MPI_COMM_WORLD));
    T_CHECK(n2 == 3, "unpacked count %d", n2);
    int bad = 0;
    for (int i = 0; i < 50; i++)
        bad += ints2[i] != rank * 1000 + 2 * i;
    for (int i = 0; i < 3; i++)
        bad += parts2[i].s != parts[i].s || parts2[i].l != parts[i].l ||
               parts2[i].d != parts[i].d;
    T_CHECK(!bad, "native round trip: %d wrong", bad);
    T_ERRCLASS(MPI_Unpack(packed, total, &pos, &n2, 1, MPI_INT,
                          MPI_COMM_WORLD),
               MPI_ERR_TRUNCATE);
    /* Between ranks: sent as MPI_PACKED, unpacked by the receiver; and the
     * same bytes received directly with the matching types. */
    int peer = rank ^ 1;
    if (peer < size) {
        T_OK(MPI_Sendrecv(packed, total, MPI_PACKED, peer, 1, other, total,
                          MPI_PACKED, peer, 1, MPI_COMM_WORLD,
                          MPI_STATUS_IGNORE));
        pos = 0;
        MPI_Unpack(other, total, &pos, &n2, 1, MPI_INT, MPI_COMM_WORLD);
        MPI_Unpack(other, total, &pos, ints2, 50, MPI_INT, MPI_COMM_WORLD);
        bad = n2 != 3;
        for (int i = 0; i < 50; i++)
            bad += ints2[i] != peer * 1000 + 2 * i;
        T_CHECK(!bad, "packed between ranks: %d wrong", bad);
        int ints3[100] = {0};
        MPI_Status st;
        T_OK(MPI_Sendrecv(packed + 4, s2, MPI_PACKED, peer, 2, ints3, 1,
                          every2, peer, 2, MPI_COMM_WORLD, &st));
        bad = 0;
        for (int i = 0; i < 100; i++)
            bad += ints3[i] != (i % 2 ? 0 : peer * 1000 + i);
        T_CHECK(!bad, "packed received typed: %d wrong", bad);
        int cnt;
        MPI_Get_count(&st, MPI_PACKED, &cnt);
        T_CHECK(cnt == 200, "MPI_PACKED count %d", cnt);
    }
    free(packed);
    free(other);

    /* ---- external32: known bytes. */
    unsigned char ext[256];
    MPI_Aint epos = 0, esize;
    int i4 = 0x0a0b0c0d;
    double d8 = -2.0;
    long l = -3;
    T_OK(MPI_Pack_external_size("external32", 1, MPI_LONG, &esize));
    T_CHECK(esize == 4, "external32 long is %ld bytes", (long)esize);
    T_OK(MPI_Pack_external("external32", &i4, 1, MPI_INT, ext, sizeof ext,
                           &epos));
    T_OK(MPI_Pack_external("external32", &d8, 1, MPI_DOUBLE, ext, sizeof ext,
                           &epos));
    T_OK(MPI_Pack_external("external32", &l, 1, MPI_LONG, ext, sizeof ext,
                           &epos));
    T_CHECK(epos == 16, "external32 position %ld", (long)epos);
    T_CHECK(!memcmp(ext, "\x0a\x0b\x0c\x0d\xc0\0\0\0\0\0\0\0\xff\xff\xff\xfd",
                    16),
            "external32 bytes wrong");
    /* Derived: struct part, 2 + 4 + 8 bytes each. */
    T_OK(MPI_Pack_external_size("external32", 3, pt, &esize));
    T_CHECK(esize == 42, "external32 of 3 parts: %ld bytes", (long)esize);
    epos = 0;
    T_OK(MPI_Pack_external("external32", parts, 3, pt, ext, sizeof ext,
                           &epos));
    T_CHECK(epos == 42, "position %ld", (long)epos);
    /* parts[2] = {1, -200000, 0.5}: 00 01 | ff fc f2 c0 | 3f e0 ... */
    T_CHECK(!memcmp(ext + 28, "\x00\x01\xff\xfc\xf2\xc0\x3f\xe0\0\0", 10),
            "external32 struct bytes wrong");
    /* It travels and unpacks on the other side (as it would on another
     * machine). */
    unsigned char ext2[256];
    if (peer < size)
        MPI_Sendrecv(ext, 42, MPI_BYTE, peer, 3, ext2, 42, MPI_BYTE, peer, 3,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    else
        memcpy(ext2, ext, 42);
    memset(parts2, 0, sizeof parts2);
    epos = 0;
    T_OK(MPI_Unpack_external("external32", ext2, 42, &epos, parts2, 3, pt));
    bad = 0;
    for (int i = 0; i < 3; i++)
        bad += parts2[i].s != parts[i].s || parts2[i].l != parts[i].l ||
               parts2[i].d != parts[i].d;
    T_CHECK(!bad && epos == 42, "external32 round trip: %d wrong", bad);
    /* A vector of ints: 50 big-endian ints. */
    epos = 0;
    T_OK(MPI_Pack_external("external32", ints, 1, every2, ext, sizeof ext,
                           &epos));
    T_CHECK(epos == 200 && ext[4 * 7 + 3] == (unsigned char)(rank * 1000 + 14)
                && ext[4 * 7 + 2] == (unsigned char)((rank * 1000 + 14) >> 8),
            "external32 vector bytes wrong");

    /* ---- external32: errors. */
    epos = 0;
    T_ERRCLASS(MPI_Pack_external("native", &i4, 1, MPI_INT, ext, sizeof ext,
                                 &epos),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Pack_external_size("external64", 1, MPI_INT, &esize),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Pack_external("external32", &d8, 1, MPI_DOUBLE, ext, 4,
                                 &epos),
               MPI_ERR_TRUNCATE);
    T_ERRCLASS(MPI_Unpack_external("external32", ext, 2, &epos, &i4, 1,
                                   MPI_INT),
               MPI_ERR_TRUNCATE);
    if (sizeof(long) > 4) {
        long big = 1L << 40;
        epos = 0;
        T_ERRCLASS(MPI_Pack_external("external32", &big, 1, MPI_LONG, ext,
                                     sizeof ext, &epos),
                   MPI_ERR_CONVERSION);
        T_CHECK(epos == 0, "failed conversion moved the position");
    }

    /* ---- native: bad arguments. */
    pos = 0;
    char small[8];
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_INT, small, 8, NULL, MPI_COMM_WORLD),
               MPI_ERR_ARG);
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_INT, small, 8, &pos, MPI_COMM_NULL),
               MPI_ERR_COMM);
    T_ERRCLASS(MPI_Pack(&n, -1, MPI_INT, small, 8, &pos, MPI_COMM_WORLD),
               MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_DATATYPE_NULL, small, 8, &pos,
                        MPI_COMM_WORLD),
               MPI_ERR_TYPE);
    MPI_Datatype unc;
    MPI_Type_contiguous(2, MPI_INT, &unc);
    T_ERRCLASS(MPI_Pack(ints, 1, unc, small, 8, &pos, MPI_COMM_WORLD),
               MPI_ERR_TYPE);
    MPI_Type_free(&unc);
    pos = 9;
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_INT, small, 8, &pos, MPI_COMM_WORLD),
               MPI_ERR_ARG);
    pos = 6;
    T_ERRCLASS(MPI_Pack(&n, 1, MPI_INT, small, 8, &pos, MPI_COMM_WORLD),
               MPI_ERR_TRUNCATE);
    T_ERRCLASS(MPI_Pack_size(-1, MPI_INT, MPI_COMM_WORLD, &s1),
               MPI_ERR_COUNT);
    T_ERRCLASS(MPI_Pack_size(1, MPI_INT, MPI_COMM_WORLD, NULL), MPI_ERR_ARG);
    T_ERRCLASS(MPI_Unpack(small, -1, &pos, &n, 1, MPI_INT, MPI_COMM_WORLD),
               MPI_ERR_ARG);

    MPI_Type_free(&pt);
    MPI_Type_free(&every2);
    return t_finish("dtype_pack");
}
