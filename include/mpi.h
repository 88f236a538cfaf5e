/*
 * mpi.h -- the MPI interface of ftmpi.
 *
 * Handles are pointers to incomplete structs, so passing a communicator where
 * a datatype is expected is a compile-time warning.  Predefined handles are
 * the addresses of objects inside libftmpi; null handles are NULL.
 *
 * Every MPI_ function is also available as PMPI_ for profiling tools.
 */
#ifndef FTMPI_MPI_H
#define FTMPI_MPI_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define FTMPI_EXPORT __attribute__((visibility("default")))
#else
#define FTMPI_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define FTMPI 1
#define FTMPI_VERSION_MAJOR 0
#define FTMPI_VERSION_MINOR 1
#define FTMPI_VERSION_PATCH 0
#define FTMPI_VERSION_STRING "0.1.0"

#define MPI_VERSION 3
#define MPI_SUBVERSION 1

/* ---------------------------------------------------------------- types */

typedef struct ft_comm *MPI_Comm;
typedef struct ft_group *MPI_Group;
typedef struct ft_datatype *MPI_Datatype;
typedef struct ft_request *MPI_Request;
typedef struct ft_op *MPI_Op;
typedef struct ft_errhandler *MPI_Errhandler;
typedef struct ft_info *MPI_Info;
typedef struct ft_message *MPI_Message;
typedef struct ft_win *MPI_Win;
typedef struct ft_file *MPI_File;

typedef ptrdiff_t MPI_Aint;
typedef long long MPI_Offset;
typedef long long MPI_Count;
typedef int MPI_Fint;

typedef struct MPI_Status {
    int MPI_SOURCE;
    int MPI_TAG;
    int MPI_ERROR;
    int ftmpi_cancelled; /* internal: use MPI_Test_cancelled */
    size_t ftmpi_count;  /* internal: bytes received; use MPI_Get_count */
} MPI_Status;

/* Callback types. */
typedef void(MPI_User_function)(void *invec, void *inoutvec, int *len,
                                MPI_Datatype *datatype);
typedef void(MPI_Comm_errhandler_function)(MPI_Comm *, int *, ...);
typedef MPI_Comm_errhandler_function MPI_Comm_errhandler_fn;
typedef void(MPI_Win_errhandler_function)(MPI_Win *, int *, ...);
typedef MPI_Win_errhandler_function MPI_Win_errhandler_fn;
typedef void(MPI_File_errhandler_function)(MPI_File *, int *, ...);
typedef int(MPI_Comm_copy_attr_function)(MPI_Comm oldcomm, int comm_keyval,
                                         void *extra_state,
                                         void *attribute_val_in,
                                         void *attribute_val_out, int *flag);
typedef int(MPI_Comm_delete_attr_function)(MPI_Comm comm, int comm_keyval,
                                           void *attribute_val,
                                           void *extra_state);
typedef int(MPI_Type_copy_attr_function)(MPI_Datatype oldtype,
                                         int type_keyval, void *extra_state,
                                         void *attribute_val_in,
                                         void *attribute_val_out, int *flag);
typedef int(MPI_Type_delete_attr_function)(MPI_Datatype datatype,
                                           int type_keyval,
                                           void *attribute_val,
                                           void *extra_state);
typedef int(MPI_Win_copy_attr_function)(MPI_Win oldwin, int win_keyval,
                                        void *extra_state,
                                        void *attribute_val_in,
                                        void *attribute_val_out, int *flag);
typedef int(MPI_Win_delete_attr_function)(MPI_Win win, int win_keyval,
                                          void *attribute_val,
                                          void *extra_state);
typedef int(MPI_Grequest_query_function)(void *extra_state,
                                         MPI_Status *status);
typedef int(MPI_Grequest_free_function)(void *extra_state);
typedef int(MPI_Grequest_cancel_function)(void *extra_state, int complete);
/* MPI-1 names, still used by old programs. */
typedef int(MPI_Copy_function)(MPI_Comm, int, void *, void *, void *, int *);
typedef int(MPI_Delete_function)(MPI_Comm, int, void *, void *);

/* ------------------------------------------------------------ constants */

#define MPI_ANY_SOURCE (-1)
#define MPI_PROC_NULL (-2)
#define MPI_ROOT (-3)
#define MPI_ANY_TAG (-1)
#define MPI_UNDEFINED (-32766)
#define MPI_KEYVAL_INVALID (-1)
#define MPI_BSEND_OVERHEAD 128
#define MPI_MAX_PROCESSOR_NAME 256
#define MPI_MAX_ERROR_STRING 512
#define MPI_MAX_OBJECT_NAME 128
#define MPI_MAX_INFO_KEY 255
#define MPI_MAX_INFO_VAL 1024
#define MPI_MAX_PORT_NAME 1024
#define MPI_MAX_LIBRARY_VERSION_STRING 256
#define MPI_MAX_DATAREP_STRING 128

#define MPI_BOTTOM ((void *)0)
#define MPI_IN_PLACE ((void *)1)
#define MPI_STATUS_IGNORE ((MPI_Status *)0)
#define MPI_STATUSES_IGNORE ((MPI_Status *)0)
#define MPI_ERRCODES_IGNORE ((int *)0)
#define MPI_ARGV_NULL ((char **)0)
#define MPI_ARGVS_NULL ((char ***)0)
/* The weights of distributed graphs: two distinct objects, so compilers
 * that check array arguments see real memory behind them. */
extern FTMPI_EXPORT int ftmpi_unweighted[1], ftmpi_weights_empty[1];
#define MPI_UNWEIGHTED (ftmpi_unweighted)
#define MPI_WEIGHTS_EMPTY (ftmpi_weights_empty)

/* Thread levels. */
#define MPI_THREAD_SINGLE 0
#define MPI_THREAD_FUNNELED 1
#define MPI_THREAD_SERIALIZED 2
#define MPI_THREAD_MULTIPLE 3

/* Results of comparisons. */
#define MPI_IDENT 0
#define MPI_CONGRUENT 1
#define MPI_SIMILAR 2
#define MPI_UNEQUAL 3

/* Topology kinds (MPI_Topo_test). */
#define MPI_GRAPH 1
#define MPI_CART 2
#define MPI_DIST_GRAPH 3

/* Communicator split types. */
#define MPI_COMM_TYPE_SHARED 1
#define FTMPI_COMM_TYPE_HOST 1

/* Datatype combiners. */
#define MPI_COMBINER_NAMED 0
#define MPI_COMBINER_DUP 1
#define MPI_COMBINER_CONTIGUOUS 2
#define MPI_COMBINER_VECTOR 3
#define MPI_COMBINER_HVECTOR 4
#define MPI_COMBINER_INDEXED 5
#define MPI_COMBINER_HINDEXED 6
#define MPI_COMBINER_INDEXED_BLOCK 7
#define MPI_COMBINER_HINDEXED_BLOCK 8
#define MPI_COMBINER_STRUCT 9
#define MPI_COMBINER_SUBARRAY 10
#define MPI_COMBINER_DARRAY 11
#define MPI_COMBINER_F90_REAL 12
#define MPI_COMBINER_F90_COMPLEX 13
#define MPI_COMBINER_F90_INTEGER 14
#define MPI_COMBINER_RESIZED 15
#define MPI_COMBINER_HVECTOR_INTEGER 16
#define MPI_COMBINER_HINDEXED_INTEGER 17
#define MPI_COMBINER_STRUCT_INTEGER 18

/* Type classes for MPI_Type_match_size. */
#define MPI_TYPECLASS_INTEGER 1
#define MPI_TYPECLASS_REAL 2
#define MPI_TYPECLASS_COMPLEX 3

#define MPI_ORDER_C 0
#define MPI_ORDER_FORTRAN 1
#define MPI_DISTRIBUTE_BLOCK 0
#define MPI_DISTRIBUTE_CYCLIC 1
#define MPI_DISTRIBUTE_NONE 2
#define MPI_DISTRIBUTE_DFLT_DARG (-1)

/* Predefined attribute keys on MPI_COMM_WORLD. */
#define MPI_TAG_UB 1
#define MPI_HOST 2
#define MPI_IO 3
#define MPI_WTIME_IS_GLOBAL 4
#define MPI_UNIVERSE_SIZE 5
#define MPI_LASTUSEDCODE 6
#define MPI_APPNUM 7
#define MPIX_FT 8 /* true when failures are tolerated (ULFM) */
#define FTMPI_PROC_FAILED_ATTR 9
/* Predefined attribute keys on every window. */
#define MPI_WIN_BASE 10
#define MPI_WIN_SIZE 11
#define MPI_WIN_DISP_UNIT 12
#define MPI_WIN_CREATE_FLAVOR 13
#define MPI_WIN_MODEL 14
#define FTMPI_KEYVAL_BUILTIN_LAST 14

/* One-sided communication: assertions, lock types, window flavors and
 * memory models. */
#define MPI_MODE_NOCHECK 1024
#define MPI_MODE_NOSTORE 2048
#define MPI_MODE_NOPUT 4096
#define MPI_MODE_NOPRECEDE 8192
#define MPI_MODE_NOSUCCEED 16384
#define MPI_LOCK_EXCLUSIVE 234
#define MPI_LOCK_SHARED 235
#define MPI_WIN_FLAVOR_CREATE 1
#define MPI_WIN_FLAVOR_ALLOCATE 2
#define MPI_WIN_FLAVOR_DYNAMIC 3
#define MPI_WIN_FLAVOR_SHARED 4
#define MPI_WIN_SEPARATE 1
#define MPI_WIN_UNIFIED 2

/* ---------------------------------------------------------- error classes */

#define MPI_SUCCESS 0
#define MPI_ERR_BUFFER 1
#define MPI_ERR_COUNT 2
#define MPI_ERR_TYPE 3
#define MPI_ERR_TAG 4
#define MPI_ERR_COMM 5
#define MPI_ERR_RANK 6
#define MPI_ERR_REQUEST 7
#define MPI_ERR_ROOT 8
#define MPI_ERR_GROUP 9
#define MPI_ERR_OP 10
#define MPI_ERR_TOPOLOGY 11
#define MPI_ERR_DIMS 12
#define MPI_ERR_ARG 13
#define MPI_ERR_UNKNOWN 14
#define MPI_ERR_TRUNCATE 15
#define MPI_ERR_OTHER 16
#define MPI_ERR_INTERN 17
#define MPI_ERR_IN_STATUS 18
#define MPI_ERR_PENDING 19
#define MPI_ERR_ACCESS 20
#define MPI_ERR_AMODE 21
#define MPI_ERR_ASSERT 22
#define MPI_ERR_BAD_FILE 23
#define MPI_ERR_BASE 24
#define MPI_ERR_CONVERSION 25
#define MPI_ERR_DISP 26
#define MPI_ERR_DUP_DATAREP 27
#define MPI_ERR_FILE_EXISTS 28
#define MPI_ERR_FILE_IN_USE 29
#define MPI_ERR_FILE 30
#define MPI_ERR_INFO_KEY 31
#define MPI_ERR_INFO_NOKEY 32
#define MPI_ERR_INFO_VALUE 33
#define MPI_ERR_INFO 34
#define MPI_ERR_IO 35
#define MPI_ERR_KEYVAL 36
#define MPI_ERR_LOCKTYPE 37
#define MPI_ERR_NAME 38
#define MPI_ERR_NO_MEM 39
#define MPI_ERR_NOT_SAME 40
#define MPI_ERR_NO_SPACE 41
#define MPI_ERR_NO_SUCH_FILE 42
#define MPI_ERR_PORT 43
#define MPI_ERR_QUOTA 44
#define MPI_ERR_READ_ONLY 45
#define MPI_ERR_RMA_CONFLICT 46
#define MPI_ERR_RMA_SYNC 47
#define MPI_ERR_SERVICE 48
#define MPI_ERR_SIZE 49
#define MPI_ERR_SPAWN 50
#define MPI_ERR_UNSUPPORTED_DATAREP 51
#define MPI_ERR_UNSUPPORTED_OPERATION 52
#define MPI_ERR_WIN 53
#define MPI_ERR_RMA_RANGE 54
#define MPI_ERR_RMA_ATTACH 55
#define MPI_ERR_RMA_SHARED 56
#define MPI_ERR_RMA_FLAVOR 57
#define MPI_T_ERR_INVALID 58
/* Fault tolerance (ULFM); the values are ftmpi's own, use the names. */
#define MPIX_ERR_PROC_FAILED 75
#define MPIX_ERR_PROC_FAILED_PENDING 76
#define MPIX_ERR_REVOKED 77
#define MPI_ERR_PROC_FAILED MPIX_ERR_PROC_FAILED
#define MPI_ERR_PROC_FAILED_PENDING MPIX_ERR_PROC_FAILED_PENDING
#define MPI_ERR_REVOKED MPIX_ERR_REVOKED
#define MPI_ERR_LASTCODE 99

/* --------------------------------------------------- predefined handles */

extern FTMPI_EXPORT struct ft_comm ftmpi_comm_world, ftmpi_comm_self;
extern FTMPI_EXPORT struct ft_group ftmpi_group_empty;
extern FTMPI_EXPORT struct ft_errhandler ftmpi_errors_are_fatal,
    ftmpi_errors_return, ftmpi_errors_abort;
extern FTMPI_EXPORT struct ft_info ftmpi_info_env;
extern FTMPI_EXPORT struct ft_message ftmpi_message_no_proc;

#define MPI_COMM_NULL ((MPI_Comm)0)
#define MPI_COMM_WORLD (&ftmpi_comm_world)
#define MPI_COMM_SELF (&ftmpi_comm_self)
#define MPI_GROUP_NULL ((MPI_Group)0)
#define MPI_GROUP_EMPTY (&ftmpi_group_empty)
#define MPI_DATATYPE_NULL ((MPI_Datatype)0)
#define MPI_REQUEST_NULL ((MPI_Request)0)
#define MPI_OP_NULL ((MPI_Op)0)
#define MPI_ERRHANDLER_NULL ((MPI_Errhandler)0)
#define MPI_ERRORS_ARE_FATAL (&ftmpi_errors_are_fatal)
#define MPI_ERRORS_RETURN (&ftmpi_errors_return)
#define MPI_ERRORS_ABORT (&ftmpi_errors_abort)
#define MPI_INFO_NULL ((MPI_Info)0)
#define MPI_INFO_ENV (&ftmpi_info_env)
#define MPI_MESSAGE_NULL ((MPI_Message)0)
#define MPI_MESSAGE_NO_PROC (&ftmpi_message_no_proc)
#define MPI_WIN_NULL ((MPI_Win)0)
#define MPI_FILE_NULL ((MPI_File)0)

/* Predefined datatypes. */
#define FTMPI_DT(name) extern FTMPI_EXPORT struct ft_datatype ftmpi_dt_##name;
FTMPI_DT(char)
FTMPI_DT(signed_char)
FTMPI_DT(unsigned_char)
FTMPI_DT(byte)
FTMPI_DT(wchar)
FTMPI_DT(short)
FTMPI_DT(unsigned_short)
FTMPI_DT(int)
FTMPI_DT(unsigned)
FTMPI_DT(long)
FTMPI_DT(unsigned_long)
FTMPI_DT(long_long)
FTMPI_DT(unsigned_long_long)
FTMPI_DT(float)
FTMPI_DT(double)
FTMPI_DT(long_double)
FTMPI_DT(c_bool)
FTMPI_DT(int8_t)
FTMPI_DT(int16_t)
FTMPI_DT(int32_t)
FTMPI_DT(int64_t)
FTMPI_DT(uint8_t)
FTMPI_DT(uint16_t)
FTMPI_DT(uint32_t)
FTMPI_DT(uint64_t)
FTMPI_DT(aint)
FTMPI_DT(offset)
FTMPI_DT(count)
FTMPI_DT(c_float_complex)
FTMPI_DT(c_double_complex)
FTMPI_DT(c_long_double_complex)
FTMPI_DT(packed)
FTMPI_DT(float_int)
FTMPI_DT(double_int)
FTMPI_DT(long_int)
FTMPI_DT(2int)
FTMPI_DT(short_int)
FTMPI_DT(long_double_int)
FTMPI_DT(integer)
FTMPI_DT(real)
FTMPI_DT(double_precision)
FTMPI_DT(complex)
FTMPI_DT(double_complex)
FTMPI_DT(logical)
FTMPI_DT(character)
FTMPI_DT(2integer)
FTMPI_DT(2real)
FTMPI_DT(2double_precision)
FTMPI_DT(lb)
FTMPI_DT(ub)
#undef FTMPI_DT

#define MPI_CHAR (&ftmpi_dt_char)
#define MPI_SIGNED_CHAR (&ftmpi_dt_signed_char)
#define MPI_UNSIGNED_CHAR (&ftmpi_dt_unsigned_char)
#define MPI_BYTE (&ftmpi_dt_byte)
#define MPI_WCHAR (&ftmpi_dt_wchar)
#define MPI_SHORT (&ftmpi_dt_short)
#define MPI_UNSIGNED_SHORT (&ftmpi_dt_unsigned_short)
#define MPI_INT (&ftmpi_dt_int)
#define MPI_UNSIGNED (&ftmpi_dt_unsigned)
#define MPI_LONG (&ftmpi_dt_long)
#define MPI_UNSIGNED_LONG (&ftmpi_dt_unsigned_long)
#define MPI_LONG_LONG_INT (&ftmpi_dt_long_long)
#define MPI_LONG_LONG (&ftmpi_dt_long_long)
#define MPI_UNSIGNED_LONG_LONG (&ftmpi_dt_unsigned_long_long)
#define MPI_FLOAT (&ftmpi_dt_float)
#define MPI_DOUBLE (&ftmpi_dt_double)
#define MPI_LONG_DOUBLE (&ftmpi_dt_long_double)
#define MPI_C_BOOL (&ftmpi_dt_c_bool)
#define MPI_INT8_T (&ftmpi_dt_int8_t)
#define MPI_INT16_T (&ftmpi_dt_int16_t)
#define MPI_INT32_T (&ftmpi_dt_int32_t)
#define MPI_INT64_T (&ftmpi_dt_int64_t)
#define MPI_UINT8_T (&ftmpi_dt_uint8_t)
#define MPI_UINT16_T (&ftmpi_dt_uint16_t)
#define MPI_UINT32_T (&ftmpi_dt_uint32_t)
#define MPI_UINT64_T (&ftmpi_dt_uint64_t)
#define MPI_AINT (&ftmpi_dt_aint)
#define MPI_OFFSET (&ftmpi_dt_offset)
#define MPI_COUNT (&ftmpi_dt_count)
#define MPI_C_COMPLEX (&ftmpi_dt_c_float_complex)
#define MPI_C_FLOAT_COMPLEX (&ftmpi_dt_c_float_complex)
#define MPI_C_DOUBLE_COMPLEX (&ftmpi_dt_c_double_complex)
#define MPI_C_LONG_DOUBLE_COMPLEX (&ftmpi_dt_c_long_double_complex)
#define MPI_PACKED (&ftmpi_dt_packed)
#define MPI_FLOAT_INT (&ftmpi_dt_float_int)
#define MPI_DOUBLE_INT (&ftmpi_dt_double_int)
#define MPI_LONG_INT (&ftmpi_dt_long_int)
#define MPI_2INT (&ftmpi_dt_2int)
#define MPI_SHORT_INT (&ftmpi_dt_short_int)
#define MPI_LONG_DOUBLE_INT (&ftmpi_dt_long_double_int)
/* Fortran types, for C programs that reduce Fortran data. */
#define MPI_INTEGER (&ftmpi_dt_integer)
#define MPI_REAL (&ftmpi_dt_real)
#define MPI_DOUBLE_PRECISION (&ftmpi_dt_double_precision)
#define MPI_COMPLEX (&ftmpi_dt_complex)
#define MPI_DOUBLE_COMPLEX (&ftmpi_dt_double_complex)
#define MPI_LOGICAL (&ftmpi_dt_logical)
#define MPI_CHARACTER (&ftmpi_dt_character)
#define MPI_2INTEGER (&ftmpi_dt_2integer)
#define MPI_2REAL (&ftmpi_dt_2real)
#define MPI_2DOUBLE_PRECISION (&ftmpi_dt_2double_precision)
/* Deprecated markers, removed in MPI-3 but still found in old code. */
#define MPI_LB (&ftmpi_dt_lb)
#define MPI_UB (&ftmpi_dt_ub)

/* Predefined reduction operations. */
#define FTMPI_OP(name) extern FTMPI_EXPORT struct ft_op ftmpi_op_##name;
FTMPI_OP(max)
FTMPI_OP(min)
FTMPI_OP(sum)
FTMPI_OP(prod)
FTMPI_OP(land)
FTMPI_OP(band)
FTMPI_OP(lor)
FTMPI_OP(bor)
FTMPI_OP(lxor)
FTMPI_OP(bxor)
FTMPI_OP(maxloc)
FTMPI_OP(minloc)
FTMPI_OP(replace)
FTMPI_OP(no_op)
#undef FTMPI_OP
#define MPI_MAX (&ftmpi_op_max)
#define MPI_MIN (&ftmpi_op_min)
#define MPI_SUM (&ftmpi_op_sum)
#define MPI_PROD (&ftmpi_op_prod)
#define MPI_LAND (&ftmpi_op_land)
#define MPI_BAND (&ftmpi_op_band)
#define MPI_LOR (&ftmpi_op_lor)
#define MPI_BOR (&ftmpi_op_bor)
#define MPI_LXOR (&ftmpi_op_lxor)
#define MPI_BXOR (&ftmpi_op_bxor)
#define MPI_MAXLOC (&ftmpi_op_maxloc)
#define MPI_MINLOC (&ftmpi_op_minloc)
#define MPI_REPLACE (&ftmpi_op_replace)
#define MPI_NO_OP (&ftmpi_op_no_op)

/* Predefined attribute callbacks. */
#define MPI_COMM_NULL_COPY_FN ((MPI_Comm_copy_attr_function *)0)
#define MPI_COMM_NULL_DELETE_FN ((MPI_Comm_delete_attr_function *)0)
#define MPI_TYPE_NULL_COPY_FN ((MPI_Type_copy_attr_function *)0)
#define MPI_TYPE_NULL_DELETE_FN ((MPI_Type_delete_attr_function *)0)
#define MPI_WIN_NULL_COPY_FN ((MPI_Win_copy_attr_function *)0)
#define MPI_WIN_NULL_DELETE_FN ((MPI_Win_delete_attr_function *)0)
#define MPI_NULL_COPY_FN ((MPI_Copy_function *)0)
#define MPI_NULL_DELETE_FN ((MPI_Delete_function *)0)
FTMPI_EXPORT int MPI_COMM_DUP_FN(MPI_Comm, int, void *, void *, void *,
                                 int *);
FTMPI_EXPORT int MPI_TYPE_DUP_FN(MPI_Datatype, int, void *, void *, void *,
                                 int *);
FTMPI_EXPORT int MPI_WIN_DUP_FN(MPI_Win, int, void *, void *, void *, int *);
#define MPI_DUP_FN MPI_COMM_DUP_FN

/* ------------------------------------------------------------ functions */
/* The list is in the order of the chapters of MPI 3.1. */

#define FTMPI_DECLARE(ret, name, args)                                        \
    FTMPI_EXPORT ret MPI_##name args;                                         \
    FTMPI_EXPORT ret PMPI_##name args;

/* Chapter 3: point-to-point communication. */
FTMPI_DECLARE(int, Send, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
FTMPI_DECLARE(int, Recv, (void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Status *status))
FTMPI_DECLARE(int, Get_count, (const MPI_Status *status, MPI_Datatype datatype, int *count))
FTMPI_DECLARE(int, Bsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
FTMPI_DECLARE(int, Ssend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
FTMPI_DECLARE(int, Rsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
FTMPI_DECLARE(int, Buffer_attach, (void *buffer, int size))
FTMPI_DECLARE(int, Buffer_detach, (void *buffer_addr, int *size))
FTMPI_DECLARE(int, Isend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ibsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Issend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Irsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Irecv, (void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Wait, (MPI_Request *request, MPI_Status *status))
FTMPI_DECLARE(int, Test, (MPI_Request *request, int *flag, MPI_Status *status))
FTMPI_DECLARE(int, Request_free, (MPI_Request *request))
FTMPI_DECLARE(int, Waitany, (int count, MPI_Request array_of_requests[], int *index, MPI_Status *status))
FTMPI_DECLARE(int, Testany, (int count, MPI_Request array_of_requests[], int *index, int *flag, MPI_Status *status))
FTMPI_DECLARE(int, Waitall, (int count, MPI_Request array_of_requests[], MPI_Status array_of_statuses[]))
FTMPI_DECLARE(int, Testall, (int count, MPI_Request array_of_requests[], int *flag, MPI_Status array_of_statuses[]))
FTMPI_DECLARE(int, Waitsome, (int incount, MPI_Request array_of_requests[], int *outcount, int array_of_indices[], MPI_Status array_of_statuses[]))
FTMPI_DECLARE(int, Testsome, (int incount, MPI_Request array_of_requests[], int *outcount, int array_of_indices[], MPI_Status array_of_statuses[]))
FTMPI_DECLARE(int, Request_get_status, (MPI_Request request, int *flag, MPI_Status *status))
FTMPI_DECLARE(int, Iprobe, (int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status))
FTMPI_DECLARE(int, Probe, (int source, int tag, MPI_Comm comm, MPI_Status *status))
FTMPI_DECLARE(int, Improbe, (int source, int tag, MPI_Comm comm, int *flag, MPI_Message *message, MPI_Status *status))
FTMPI_DECLARE(int, Mprobe, (int source, int tag, MPI_Comm comm, MPI_Message *message, MPI_Status *status))
FTMPI_DECLARE(int, Mrecv, (void *buf, int count, MPI_Datatype datatype, MPI_Message *message, MPI_Status *status))
FTMPI_DECLARE(int, Imrecv, (void *buf, int count, MPI_Datatype datatype, MPI_Message *message, MPI_Request *request))
FTMPI_DECLARE(int, Cancel, (MPI_Request *request))
FTMPI_DECLARE(int, Test_cancelled, (const MPI_Status *status, int *flag))
FTMPI_DECLARE(int, Send_init, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Bsend_init, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ssend_init, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Rsend_init, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Recv_init, (void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Start, (MPI_Request *request))
FTMPI_DECLARE(int, Startall, (int count, MPI_Request array_of_requests[]))
FTMPI_DECLARE(int, Sendrecv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag, void *recvbuf, int recvcount, MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm, MPI_Status *status))
FTMPI_DECLARE(int, Sendrecv_replace, (void *buf, int count, MPI_Datatype datatype, int dest, int sendtag, int source, int recvtag, MPI_Comm comm, MPI_Status *status))

/* Chapter 4: datatypes. */
FTMPI_DECLARE(int, Type_contiguous, (int count, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_vector, (int count, int blocklength, int stride, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_hvector, (int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_hvector, (int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_indexed, (int count, const int array_of_blocklengths[], const int array_of_displacements[], MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_hindexed, (int count, const int array_of_blocklengths[], const MPI_Aint array_of_displacements[], MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_hindexed, (int count, int array_of_blocklengths[], MPI_Aint array_of_displacements[], MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_indexed_block, (int count, int blocklength, const int array_of_displacements[], MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_hindexed_block, (int count, int blocklength, const MPI_Aint array_of_displacements[], MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_struct, (int count, const int array_of_blocklengths[], const MPI_Aint array_of_displacements[], const MPI_Datatype array_of_types[], MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_struct, (int count, int array_of_blocklengths[], MPI_Aint array_of_displacements[], MPI_Datatype array_of_types[], MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_subarray, (int ndims, const int array_of_sizes[], const int array_of_subsizes[], const int array_of_starts[], int order, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_darray, (int size, int rank, int ndims, const int array_of_gsizes[], const int array_of_distribs[], const int array_of_dargs[], const int array_of_psizes[], int order, MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_create_resized, (MPI_Datatype oldtype, MPI_Aint lb, MPI_Aint extent, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_dup, (MPI_Datatype oldtype, MPI_Datatype *newtype))
FTMPI_DECLARE(int, Type_commit, (MPI_Datatype *datatype))
FTMPI_DECLARE(int, Type_free, (MPI_Datatype *datatype))
FTMPI_DECLARE(int, Type_size, (MPI_Datatype datatype, int *size))
FTMPI_DECLARE(int, Type_size_x, (MPI_Datatype datatype, MPI_Count *size))
FTMPI_DECLARE(int, Type_get_extent, (MPI_Datatype datatype, MPI_Aint *lb, MPI_Aint *extent))
FTMPI_DECLARE(int, Type_get_extent_x, (MPI_Datatype datatype, MPI_Count *lb, MPI_Count *extent))
FTMPI_DECLARE(int, Type_get_true_extent, (MPI_Datatype datatype, MPI_Aint *true_lb, MPI_Aint *true_extent))
FTMPI_DECLARE(int, Type_get_true_extent_x, (MPI_Datatype datatype, MPI_Count *true_lb, MPI_Count *true_extent))
FTMPI_DECLARE(int, Type_extent, (MPI_Datatype datatype, MPI_Aint *extent))
FTMPI_DECLARE(int, Type_lb, (MPI_Datatype datatype, MPI_Aint *displacement))
FTMPI_DECLARE(int, Type_ub, (MPI_Datatype datatype, MPI_Aint *displacement))
FTMPI_DECLARE(int, Type_get_envelope, (MPI_Datatype datatype, int *num_integers, int *num_addresses, int *num_datatypes, int *combiner))
FTMPI_DECLARE(int, Type_get_contents, (MPI_Datatype datatype, int max_integers, int max_addresses, int max_datatypes, int array_of_integers[], MPI_Aint array_of_addresses[], MPI_Datatype array_of_datatypes[]))
FTMPI_DECLARE(int, Type_set_name, (MPI_Datatype datatype, const char *type_name))
FTMPI_DECLARE(int, Type_get_name, (MPI_Datatype datatype, char *type_name, int *resultlen))
FTMPI_DECLARE(int, Type_match_size, (int typeclass, int size, MPI_Datatype *datatype))
FTMPI_DECLARE(int, Get_address, (const void *location, MPI_Aint *address))
FTMPI_DECLARE(int, Address, (void *location, MPI_Aint *address))
FTMPI_DECLARE(MPI_Aint, Aint_add, (MPI_Aint base, MPI_Aint disp))
FTMPI_DECLARE(MPI_Aint, Aint_diff, (MPI_Aint addr1, MPI_Aint addr2))
FTMPI_DECLARE(int, Get_elements, (const MPI_Status *status, MPI_Datatype datatype, int *count))
FTMPI_DECLARE(int, Get_elements_x, (const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count))
FTMPI_DECLARE(int, Status_set_elements, (MPI_Status *status, MPI_Datatype datatype, int count))
FTMPI_DECLARE(int, Status_set_elements_x, (MPI_Status *status, MPI_Datatype datatype, MPI_Count count))
FTMPI_DECLARE(int, Status_set_cancelled, (MPI_Status *status, int flag))
FTMPI_DECLARE(int, Pack, (const void *inbuf, int incount, MPI_Datatype datatype, void *outbuf, int outsize, int *position, MPI_Comm comm))
FTMPI_DECLARE(int, Unpack, (const void *inbuf, int insize, int *position, void *outbuf, int outcount, MPI_Datatype datatype, MPI_Comm comm))
FTMPI_DECLARE(int, Pack_size, (int incount, MPI_Datatype datatype, MPI_Comm comm, int *size))
FTMPI_DECLARE(int, Pack_external, (const char datarep[], const void *inbuf, int incount, MPI_Datatype datatype, void *outbuf, MPI_Aint outsize, MPI_Aint *position))
FTMPI_DECLARE(int, Unpack_external, (const char datarep[], const void *inbuf, MPI_Aint insize, MPI_Aint *position, void *outbuf, int outcount, MPI_Datatype datatype))
FTMPI_DECLARE(int, Pack_external_size, (const char datarep[], int incount, MPI_Datatype datatype, MPI_Aint *size))

/* Chapter 5: collective communication. */
FTMPI_DECLARE(int, Barrier, (MPI_Comm comm))
FTMPI_DECLARE(int, Bcast, (void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Gather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Gatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Scatter, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Scatterv, (const void *sendbuf, const int sendcounts[], const int displs[], MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Allgather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Allgatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Alltoall, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Alltoallv, (const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Alltoallw, (const void *sendbuf, const int sendcounts[], const int sdispls[], const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[], const int rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm))
FTMPI_DECLARE(int, Reduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm))
FTMPI_DECLARE(int, Allreduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm))
FTMPI_DECLARE(int, Reduce_local, (const void *inbuf, void *inoutbuf, int count, MPI_Datatype datatype, MPI_Op op))
FTMPI_DECLARE(int, Reduce_scatter_block, (const void *sendbuf, void *recvbuf, int recvcount, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm))
FTMPI_DECLARE(int, Reduce_scatter, (const void *sendbuf, void *recvbuf, const int recvcounts[], MPI_Datatype datatype, MPI_Op op, MPI_Comm comm))
FTMPI_DECLARE(int, Scan, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm))
FTMPI_DECLARE(int, Exscan, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm))
FTMPI_DECLARE(int, Ibarrier, (MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ibcast, (void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Igather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Igatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iscatter, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iscatterv, (const void *sendbuf, const int sendcounts[], const int displs[], MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iallgather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iallgatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ialltoall, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ialltoallv, (const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ialltoallw, (const void *sendbuf, const int sendcounts[], const int sdispls[], const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[], const int rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ireduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iallreduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ireduce_scatter_block, (const void *sendbuf, void *recvbuf, int recvcount, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ireduce_scatter, (const void *sendbuf, void *recvbuf, const int recvcounts[], MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iscan, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Iexscan, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Op_create, (MPI_User_function *user_fn, int commute, MPI_Op *op))
FTMPI_DECLARE(int, Op_free, (MPI_Op *op))
FTMPI_DECLARE(int, Op_commutative, (MPI_Op op, int *commute))

/* Chapter 6: groups, contexts, communicators and caching. */
FTMPI_DECLARE(int, Group_size, (MPI_Group group, int *size))
FTMPI_DECLARE(int, Group_rank, (MPI_Group group, int *rank))
FTMPI_DECLARE(int, Group_translate_ranks, (MPI_Group group1, int n, const int ranks1[], MPI_Group group2, int ranks2[]))
FTMPI_DECLARE(int, Group_compare, (MPI_Group group1, MPI_Group group2, int *result))
FTMPI_DECLARE(int, Comm_group, (MPI_Comm comm, MPI_Group *group))
FTMPI_DECLARE(int, Group_union, (MPI_Group group1, MPI_Group group2, MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_intersection, (MPI_Group group1, MPI_Group group2, MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_difference, (MPI_Group group1, MPI_Group group2, MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_incl, (MPI_Group group, int n, const int ranks[], MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_excl, (MPI_Group group, int n, const int ranks[], MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_range_incl, (MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_range_excl, (MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup))
FTMPI_DECLARE(int, Group_free, (MPI_Group *group))
FTMPI_DECLARE(int, Comm_size, (MPI_Comm comm, int *size))
FTMPI_DECLARE(int, Comm_rank, (MPI_Comm comm, int *rank))
FTMPI_DECLARE(int, Comm_compare, (MPI_Comm comm1, MPI_Comm comm2, int *result))
FTMPI_DECLARE(int, Comm_dup, (MPI_Comm comm, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_dup_with_info, (MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_idup, (MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request))
FTMPI_DECLARE(int, Comm_create, (MPI_Comm comm, MPI_Group group, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_create_group, (MPI_Comm comm, MPI_Group group, int tag, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_split, (MPI_Comm comm, int color, int key, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_split_type, (MPI_Comm comm, int split_type, int key, MPI_Info info, MPI_Comm *newcomm))
FTMPI_DECLARE(int, Comm_free, (MPI_Comm *comm))
FTMPI_DECLARE(int, Comm_set_info, (MPI_Comm comm, MPI_Info info))
FTMPI_DECLARE(int, Comm_get_info, (MPI_Comm comm, MPI_Info *info_used))
FTMPI_DECLARE(int, Comm_test_inter, (MPI_Comm comm, int *flag))
FTMPI_DECLARE(int, Comm_remote_size, (MPI_Comm comm, int *size))
FTMPI_DECLARE(int, Comm_remote_group, (MPI_Comm comm, MPI_Group *group))
FTMPI_DECLARE(int, Intercomm_create, (MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm, int remote_leader, int tag, MPI_Comm *newintercomm))
FTMPI_DECLARE(int, Intercomm_merge, (MPI_Comm intercomm, int high, MPI_Comm *newintracomm))
FTMPI_DECLARE(int, Comm_create_keyval, (MPI_Comm_copy_attr_function *comm_copy_attr_fn, MPI_Comm_delete_attr_function *comm_delete_attr_fn, int *comm_keyval, void *extra_state))
FTMPI_DECLARE(int, Comm_free_keyval, (int *comm_keyval))
FTMPI_DECLARE(int, Comm_set_attr, (MPI_Comm comm, int comm_keyval, void *attribute_val))
FTMPI_DECLARE(int, Comm_get_attr, (MPI_Comm comm, int comm_keyval, void *attribute_val, int *flag))
FTMPI_DECLARE(int, Comm_delete_attr, (MPI_Comm comm, int comm_keyval))
FTMPI_DECLARE(int, Keyval_create, (MPI_Copy_function *copy_fn, MPI_Delete_function *delete_fn, int *keyval, void *extra_state))
FTMPI_DECLARE(int, Keyval_free, (int *keyval))
FTMPI_DECLARE(int, Attr_put, (MPI_Comm comm, int keyval, void *attribute_val))
FTMPI_DECLARE(int, Attr_get, (MPI_Comm comm, int keyval, void *attribute_val, int *flag))
FTMPI_DECLARE(int, Attr_delete, (MPI_Comm comm, int keyval))
FTMPI_DECLARE(int, Type_create_keyval, (MPI_Type_copy_attr_function *type_copy_attr_fn, MPI_Type_delete_attr_function *type_delete_attr_fn, int *type_keyval, void *extra_state))
FTMPI_DECLARE(int, Type_free_keyval, (int *type_keyval))
FTMPI_DECLARE(int, Type_set_attr, (MPI_Datatype datatype, int type_keyval, void *attribute_val))
FTMPI_DECLARE(int, Type_get_attr, (MPI_Datatype datatype, int type_keyval, void *attribute_val, int *flag))
FTMPI_DECLARE(int, Type_delete_attr, (MPI_Datatype datatype, int type_keyval))
FTMPI_DECLARE(int, Win_create_keyval, (MPI_Win_copy_attr_function *win_copy_attr_fn, MPI_Win_delete_attr_function *win_delete_attr_fn, int *win_keyval, void *extra_state))
FTMPI_DECLARE(int, Win_free_keyval, (int *win_keyval))
FTMPI_DECLARE(int, Win_set_attr, (MPI_Win win, int win_keyval, void *attribute_val))
FTMPI_DECLARE(int, Win_get_attr, (MPI_Win win, int win_keyval, void *attribute_val, int *flag))
FTMPI_DECLARE(int, Win_delete_attr, (MPI_Win win, int win_keyval))
FTMPI_DECLARE(int, Win_set_name, (MPI_Win win, const char *win_name))
FTMPI_DECLARE(int, Win_get_name, (MPI_Win win, char *win_name, int *resultlen))
FTMPI_DECLARE(int, Comm_set_name, (MPI_Comm comm, const char *comm_name))
FTMPI_DECLARE(int, Comm_get_name, (MPI_Comm comm, char *comm_name, int *resultlen))

/* Chapter 7: process topologies. */
FTMPI_DECLARE(int, Cart_create, (MPI_Comm comm_old, int ndims, const int dims[], const int periods[], int reorder, MPI_Comm *comm_cart))
FTMPI_DECLARE(int, Dims_create, (int nnodes, int ndims, int dims[]))
FTMPI_DECLARE(int, Graph_create, (MPI_Comm comm_old, int nnodes, const int index[], const int edges[], int reorder, MPI_Comm *comm_graph))
FTMPI_DECLARE(int, Dist_graph_create_adjacent, (MPI_Comm comm_old, int indegree, const int sources[], const int sourceweights[], int outdegree, const int destinations[], const int destweights[], MPI_Info info, int reorder, MPI_Comm *comm_dist_graph))
FTMPI_DECLARE(int, Dist_graph_create, (MPI_Comm comm_old, int n, const int sources[], const int degrees[], const int destinations[], const int weights[], MPI_Info info, int reorder, MPI_Comm *comm_dist_graph))
FTMPI_DECLARE(int, Topo_test, (MPI_Comm comm, int *status))
FTMPI_DECLARE(int, Graphdims_get, (MPI_Comm comm, int *nnodes, int *nedges))
FTMPI_DECLARE(int, Graph_get, (MPI_Comm comm, int maxindex, int maxedges, int index[], int edges[]))
FTMPI_DECLARE(int, Cartdim_get, (MPI_Comm comm, int *ndims))
FTMPI_DECLARE(int, Cart_get, (MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[]))
FTMPI_DECLARE(int, Cart_rank, (MPI_Comm comm, const int coords[], int *rank))
FTMPI_DECLARE(int, Cart_coords, (MPI_Comm comm, int rank, int maxdims, int coords[]))
FTMPI_DECLARE(int, Graph_neighbors_count, (MPI_Comm comm, int rank, int *nneighbors))
FTMPI_DECLARE(int, Graph_neighbors, (MPI_Comm comm, int rank, int maxneighbors, int neighbors[]))
FTMPI_DECLARE(int, Dist_graph_neighbors_count, (MPI_Comm comm, int *indegree, int *outdegree, int *weighted))
FTMPI_DECLARE(int, Dist_graph_neighbors, (MPI_Comm comm, int maxindegree, int sources[], int sourceweights[], int maxoutdegree, int destinations[], int destweights[]))
FTMPI_DECLARE(int, Cart_shift, (MPI_Comm comm, int direction, int disp, int *rank_source, int *rank_dest))
FTMPI_DECLARE(int, Cart_sub, (MPI_Comm comm, const int remain_dims[], MPI_Comm *newcomm))
FTMPI_DECLARE(int, Cart_map, (MPI_Comm comm, int ndims, const int dims[], const int periods[], int *newrank))
FTMPI_DECLARE(int, Graph_map, (MPI_Comm comm, int nnodes, const int index[], const int edges[], int *newrank))
FTMPI_DECLARE(int, Neighbor_allgather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Neighbor_allgatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Neighbor_alltoall, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Neighbor_alltoallv, (const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm))
FTMPI_DECLARE(int, Neighbor_alltoallw, (const void *sendbuf, const int sendcounts[], const MPI_Aint sdispls[], const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[], const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm))
FTMPI_DECLARE(int, Ineighbor_allgather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ineighbor_allgatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int displs[], MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ineighbor_alltoall, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ineighbor_alltoallv, (const void *sendbuf, const int sendcounts[], const int sdispls[], MPI_Datatype sendtype, void *recvbuf, const int recvcounts[], const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request))
FTMPI_DECLARE(int, Ineighbor_alltoallw, (const void *sendbuf, const int sendcounts[], const MPI_Aint sdispls[], const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[], const MPI_Aint rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request))

/* Chapter 8: environmental management. */
FTMPI_DECLARE(int, Get_version, (int *version, int *subversion))
FTMPI_DECLARE(int, Get_library_version, (char *version, int *resultlen))
FTMPI_DECLARE(int, Get_processor_name, (char *name, int *resultlen))
FTMPI_DECLARE(int, Alloc_mem, (MPI_Aint size, MPI_Info info, void *baseptr))
FTMPI_DECLARE(int, Free_mem, (void *base))
FTMPI_DECLARE(int, Comm_create_errhandler, (MPI_Comm_errhandler_function *comm_errhandler_fn, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Errhandler_create, (MPI_Comm_errhandler_function *function, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Comm_set_errhandler, (MPI_Comm comm, MPI_Errhandler errhandler))
FTMPI_DECLARE(int, Errhandler_set, (MPI_Comm comm, MPI_Errhandler errhandler))
FTMPI_DECLARE(int, Comm_get_errhandler, (MPI_Comm comm, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Errhandler_get, (MPI_Comm comm, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Errhandler_free, (MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Comm_call_errhandler, (MPI_Comm comm, int errorcode))
FTMPI_DECLARE(int, Win_create_errhandler, (MPI_Win_errhandler_function *win_errhandler_fn, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Win_set_errhandler, (MPI_Win win, MPI_Errhandler errhandler))
FTMPI_DECLARE(int, Win_get_errhandler, (MPI_Win win, MPI_Errhandler *errhandler))
FTMPI_DECLARE(int, Win_call_errhandler, (MPI_Win win, int errorcode))
FTMPI_DECLARE(int, Error_string, (int errorcode, char *string, int *resultlen))
FTMPI_DECLARE(int, Error_class, (int errorcode, int *errorclass))
FTMPI_DECLARE(int, Add_error_class, (int *errorclass))
FTMPI_DECLARE(int, Add_error_code, (int errorclass, int *errorcode))
FTMPI_DECLARE(int, Add_error_string, (int errorcode, const char *string))
FTMPI_DECLARE(double, Wtime, (void))
FTMPI_DECLARE(double, Wtick, (void))
FTMPI_DECLARE(int, Init, (int *argc, char ***argv))
FTMPI_DECLARE(int, Finalize, (void))
FTMPI_DECLARE(int, Initialized, (int *flag))
FTMPI_DECLARE(int, Finalized, (int *flag))
FTMPI_DECLARE(int, Abort, (MPI_Comm comm, int errorcode))
FTMPI_DECLARE(int, Pcontrol, (const int level, ...))

/* Chapter 9: the info object. */
FTMPI_DECLARE(int, Info_create, (MPI_Info *info))
FTMPI_DECLARE(int, Info_set, (MPI_Info info, const char *key, const char *value))
FTMPI_DECLARE(int, Info_delete, (MPI_Info info, const char *key))
FTMPI_DECLARE(int, Info_get, (MPI_Info info, const char *key, int valuelen, char *value, int *flag))
FTMPI_DECLARE(int, Info_get_valuelen, (MPI_Info info, const char *key, int *valuelen, int *flag))
FTMPI_DECLARE(int, Info_get_nkeys, (MPI_Info info, int *nkeys))
FTMPI_DECLARE(int, Info_get_nthkey, (MPI_Info info, int n, char *key))
FTMPI_DECLARE(int, Info_dup, (MPI_Info info, MPI_Info *newinfo))
FTMPI_DECLARE(int, Info_free, (MPI_Info *info))

/* Chapter 11: one-sided communications. */
FTMPI_DECLARE(int, Win_create, (void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, MPI_Win *win))
FTMPI_DECLARE(int, Win_allocate, (MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, MPI_Win *win))
FTMPI_DECLARE(int, Win_allocate_shared, (MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, MPI_Win *win))
FTMPI_DECLARE(int, Win_shared_query, (MPI_Win win, int rank, MPI_Aint *size, int *disp_unit, void *baseptr))
FTMPI_DECLARE(int, Win_create_dynamic, (MPI_Info info, MPI_Comm comm, MPI_Win *win))
FTMPI_DECLARE(int, Win_attach, (MPI_Win win, void *base, MPI_Aint size))
FTMPI_DECLARE(int, Win_detach, (MPI_Win win, const void *base))
FTMPI_DECLARE(int, Win_free, (MPI_Win *win))
FTMPI_DECLARE(int, Win_get_group, (MPI_Win win, MPI_Group *group))
FTMPI_DECLARE(int, Win_set_info, (MPI_Win win, MPI_Info info))
FTMPI_DECLARE(int, Win_get_info, (MPI_Win win, MPI_Info *info_used))
FTMPI_DECLARE(int, Put, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win))
FTMPI_DECLARE(int, Get, (void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win))
FTMPI_DECLARE(int, Accumulate, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win))
FTMPI_DECLARE(int, Get_accumulate, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, void *result_addr, int result_count, MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win))
FTMPI_DECLARE(int, Fetch_and_op, (const void *origin_addr, void *result_addr, MPI_Datatype datatype, int target_rank, MPI_Aint target_disp, MPI_Op op, MPI_Win win))
FTMPI_DECLARE(int, Compare_and_swap, (const void *origin_addr, const void *compare_addr, void *result_addr, MPI_Datatype datatype, int target_rank, MPI_Aint target_disp, MPI_Win win))
FTMPI_DECLARE(int, Rput, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request))
FTMPI_DECLARE(int, Rget, (void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request))
FTMPI_DECLARE(int, Raccumulate, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win, MPI_Request *request))
FTMPI_DECLARE(int, Rget_accumulate, (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype, void *result_addr, int result_count, MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op, MPI_Win win, MPI_Request *request))
FTMPI_DECLARE(int, Win_fence, (int assert, MPI_Win win))
FTMPI_DECLARE(int, Win_start, (MPI_Group group, int assert, MPI_Win win))
FTMPI_DECLARE(int, Win_complete, (MPI_Win win))
FTMPI_DECLARE(int, Win_post, (MPI_Group group, int assert, MPI_Win win))
FTMPI_DECLARE(int, Win_wait, (MPI_Win win))
FTMPI_DECLARE(int, Win_test, (MPI_Win win, int *flag))
FTMPI_DECLARE(int, Win_lock, (int lock_type, int rank, int assert, MPI_Win win))
FTMPI_DECLARE(int, Win_lock_all, (int assert, MPI_Win win))
FTMPI_DECLARE(int, Win_unlock, (int rank, MPI_Win win))
FTMPI_DECLARE(int, Win_unlock_all, (MPI_Win win))
FTMPI_DECLARE(int, Win_flush, (int rank, MPI_Win win))
FTMPI_DECLARE(int, Win_flush_all, (MPI_Win win))
FTMPI_DECLARE(int, Win_flush_local, (int rank, MPI_Win win))
FTMPI_DECLARE(int, Win_flush_local_all, (MPI_Win win))
FTMPI_DECLARE(int, Win_sync, (MPI_Win win))

/* Chapter 12: external interfaces. */
FTMPI_DECLARE(int, Grequest_start, (MPI_Grequest_query_function *query_fn, MPI_Grequest_free_function *free_fn, MPI_Grequest_cancel_function *cancel_fn, void *extra_state, MPI_Request *request))
FTMPI_DECLARE(int, Grequest_complete, (MPI_Request request))
FTMPI_DECLARE(int, Init_thread, (int *argc, char ***argv, int required, int *provided))
FTMPI_DECLARE(int, Query_thread, (int *provided))
FTMPI_DECLARE(int, Is_thread_main, (int *flag))

/* Handle conversion to and from Fortran integers. */
FTMPI_DECLARE(MPI_Fint, Comm_c2f, (MPI_Comm comm))
FTMPI_DECLARE(MPI_Comm, Comm_f2c, (MPI_Fint comm))
FTMPI_DECLARE(MPI_Fint, Type_c2f, (MPI_Datatype datatype))
FTMPI_DECLARE(MPI_Datatype, Type_f2c, (MPI_Fint datatype))
FTMPI_DECLARE(MPI_Fint, Group_c2f, (MPI_Group group))
FTMPI_DECLARE(MPI_Group, Group_f2c, (MPI_Fint group))
FTMPI_DECLARE(MPI_Fint, Request_c2f, (MPI_Request request))
FTMPI_DECLARE(MPI_Request, Request_f2c, (MPI_Fint request))
FTMPI_DECLARE(MPI_Fint, Op_c2f, (MPI_Op op))
FTMPI_DECLARE(MPI_Op, Op_f2c, (MPI_Fint op))
FTMPI_DECLARE(MPI_Fint, Info_c2f, (MPI_Info info))
FTMPI_DECLARE(MPI_Info, Info_f2c, (MPI_Fint info))
FTMPI_DECLARE(MPI_Fint, Errhandler_c2f, (MPI_Errhandler errhandler))
FTMPI_DECLARE(MPI_Errhandler, Errhandler_f2c, (MPI_Fint errhandler))
FTMPI_DECLARE(MPI_Fint, Message_c2f, (MPI_Message message))
FTMPI_DECLARE(MPI_Message, Message_f2c, (MPI_Fint message))
FTMPI_DECLARE(MPI_Fint, Win_c2f, (MPI_Win win))
FTMPI_DECLARE(MPI_Win, Win_f2c, (MPI_Fint win))

#ifdef __cplusplus
}
#endif

/* The fault-tolerance interface is reachable from <mpi.h>, as in Open MPI. */
#include <mpi-ext.h>

#endif /* FTMPI_MPI_H */
