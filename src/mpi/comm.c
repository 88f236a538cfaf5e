/*
 * comm.c -- communicators (MPI chapter 6.4, 6.6, 6.8) and their error
 * handlers (chapter 8.3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/attr.h"
#include "mpi/api.h"

#include <ftmpi.h>

#pragma weak MPI_Comm_size = PMPI_Comm_size
#pragma weak MPI_Comm_rank = PMPI_Comm_rank
#pragma weak MPI_Comm_compare = PMPI_Comm_compare
#pragma weak MPI_Comm_dup = PMPI_Comm_dup
#pragma weak MPI_Comm_dup_with_info = PMPI_Comm_dup_with_info
#pragma weak MPI_Comm_idup = PMPI_Comm_idup
#pragma weak MPI_Comm_create = PMPI_Comm_create
#pragma weak MPI_Comm_create_group = PMPI_Comm_create_group
#pragma weak MPI_Comm_split = PMPI_Comm_split
#pragma weak MPI_Comm_split_type = PMPI_Comm_split_type
#pragma weak MPI_Comm_free = PMPI_Comm_free
#pragma weak MPI_Comm_set_info = PMPI_Comm_set_info
#pragma weak MPI_Comm_get_info = PMPI_Comm_get_info
#pragma weak MPI_Comm_test_inter = PMPI_Comm_test_inter
#pragma weak MPI_Comm_remote_size = PMPI_Comm_remote_size
#pragma weak MPI_Intercomm_create = PMPI_Intercomm_create
#pragma weak MPI_Intercomm_merge = PMPI_Intercomm_merge
#pragma weak MPI_Comm_set_name = PMPI_Comm_set_name
#pragma weak MPI_Comm_get_name = PMPI_Comm_get_name
#pragma weak MPI_Comm_set_errhandler = PMPI_Comm_set_errhandler
#pragma weak MPI_Comm_get_errhandler = PMPI_Comm_get_errhandler
#pragma weak MPI_Errhandler_set = PMPI_Errhandler_set
#pragma weak MPI_Errhandler_get = PMPI_Errhandler_get

#define CHECK_INFO_OR_NULL(info, comm, fn)                                    \
    FT_CHECK_ARG(info == MPI_INFO_NULL || ft_api_info_ok(info), comm,         \
                 MPI_ERR_INFO, fn, "invalid info object (argument info)")

int PMPI_Comm_size(MPI_Comm comm, int *size)
{
    static const char fn[] = "MPI_Comm_size";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(size, comm, MPI_ERR_ARG, fn, "size is NULL");
    *size = comm->size;
    return MPI_SUCCESS;
}

int PMPI_Comm_rank(MPI_Comm comm, int *rank)
{
    static const char fn[] = "MPI_Comm_rank";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(rank, comm, MPI_ERR_ARG, fn, "rank is NULL");
    *rank = comm->rank;
    return MPI_SUCCESS;
}

int PMPI_Comm_compare(MPI_Comm comm1, MPI_Comm comm2, int *result)
{
    static const char fn[] = "MPI_Comm_compare";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_comm_ok(comm1), NULL, MPI_ERR_COMM, fn,
                 "invalid communicator (argument comm1)");
    FT_CHECK_ARG(ft_api_comm_ok(comm2), NULL, MPI_ERR_COMM, fn,
                 "invalid communicator (argument comm2)");
    FT_CHECK_ARG(result, comm1, MPI_ERR_ARG, fn, "result is NULL");
    int r = ft_comm_compare(comm1, comm2);
    if (r < 0)
        return ft_api_ret(comm1, r, fn);
    *result = r;
    return MPI_SUCCESS;
}

/* The common part of the three duplications: a new communicator with
 * comm's attributes (as their copy callbacks decide) and, unless info is
 * given, comm's hints. */
static int duplicate(const char *fn, MPI_Comm comm, MPI_Info info,
                     MPI_Comm *newcomm)
{
    struct ft_comm *c;
    int rc = ft_comm_dup(comm, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    rc = ft_api_comm_copy_attrs(comm, c);
    if (rc) {
        ft_comm_release(c);
        return ft_api_ret(comm, rc, fn);
    }
    struct ft_info *from = info != MPI_INFO_NULL ? info : comm->info;
    if (from && (rc = ft_info_dup(from, &c->info))) {
        ft_api_comm_delete_attrs(c);
        ft_comm_release(c);
        return ft_api_ret(comm, rc, fn);
    }
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_dup(MPI_Comm comm, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_dup";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    return duplicate(fn, comm, MPI_INFO_NULL, newcomm);
}

int PMPI_Comm_dup_with_info(MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_dup_with_info";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    CHECK_INFO_OR_NULL(info, comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    if (info == MPI_INFO_NULL) {
        /* The new communicator has no hints at all, not comm's. */
        int rc = duplicate(fn, comm, MPI_INFO_NULL, newcomm);
        if (rc == MPI_SUCCESS && (*newcomm)->info) {
            ft_info_release((*newcomm)->info);
            (*newcomm)->info = NULL;
        }
        return rc;
    }
    return duplicate(fn, comm, info, newcomm);
}

int PMPI_Comm_idup(MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request)
{
    static const char fn[] = "MPI_Comm_idup";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm && request, comm, MPI_ERR_ARG, fn,
                 "newcomm or request is NULL");
    /* The duplication completes here, so the request is born complete.
     * Every member must call the collectives of comm in the same order
     * anyway; what a blocking duplication cannot do is let a member wait
     * for another's point-to-point message before that one has called
     * MPI_Comm_idup (see the report of the comm branch). */
    struct ft_request *r = ft_req_alloc(&comm->eng->reqs, FT_REQ_NULL);
    FT_CHECK_ARG(r, comm, MPI_ERR_NO_MEM, fn, "out of memory");
    int rc = duplicate(fn, comm, MPI_INFO_NULL, newcomm);
    if (rc) {
        ft_req_release(&comm->eng->reqs, r);
        return rc;
    }
    ft_comm_retain(comm); /* dropped when the request is released */
    r->comm = comm;
    r->complete = 1;
    *request = r;
    return MPI_SUCCESS;
}

/* Checks that every member of group is in comm's (local) group, and none
 * is a blank (FT-MPI blank mode's stand-in for a failed rank: a new
 * communicator cannot be made over one). */
static int check_subset(const char *fn, MPI_Comm comm, MPI_Group group)
{
    int n = group->size;
    for (int i = 0; i < n; i++)
        FT_CHECK_ARG(!group->procs[i]->hole, comm, MPI_ERR_GROUP, fn,
                     "member %d of group is a blank (a failed rank)", i);
    int *idx = calloc((size_t)n + 1, sizeof *idx);
    int *map = malloc(((size_t)n + 1) * sizeof *map);
    int rc = idx && map ? 0 : -ENOMEM;
    for (int i = 0; rc == 0 && i < n; i++)
        idx[i] = i;
    if (rc == 0)
        rc = ft_group_translate(group, n, idx, comm->group, map);
    int bad = -1;
    for (int i = 0; rc == 0 && i < n && bad < 0; i++)
        if (map[i] == MPI_UNDEFINED)
            bad = i;
    free(idx);
    free(map);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    if (bad >= 0)
        return ft_api_err(comm, MPI_ERR_GROUP, fn,
                          "member %d of group is not in the %sgroup of comm",
                          bad, ft_comm_is_inter(comm) ? "local " : "");
    return 0;
}

int PMPI_Comm_create(MPI_Comm comm, MPI_Group group, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_create";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(ft_api_group_ok(group), comm, MPI_ERR_GROUP, fn,
                 "invalid group (argument group)");
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    /* FT-MPI: the living members of a damaged communicator. */
    if (group == FTMPI_GROUP_LIVING)
        return ft_api_recover(comm, false, 0, newcomm, fn);
    int rc = check_subset(fn, comm, group);
    if (rc)
        return rc;
    struct ft_comm *c;
    rc = ft_comm_create(comm, group, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_create_group(MPI_Comm comm, MPI_Group group, int tag,
                           MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_create_group";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(!ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "comm is an intercommunicator");
    FT_CHECK_ARG(ft_api_group_ok(group), comm, MPI_ERR_GROUP, fn,
                 "invalid group (argument group)");
    FT_CHECK_ARG(tag >= 0, comm, MPI_ERR_TAG, fn,
                 "tag=%d is negative (tags go from 0 to MPI_TAG_UB)", tag);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    int rc = check_subset(fn, comm, group);
    if (rc)
        return rc;
    struct ft_comm *c;
    rc = ft_comm_create_group(comm, group, tag, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    /* FT-MPI: every survivor of a damaged communicator, ordered by key. */
    if (color == FTMPI_COLOR_NOT_DEAD_YET)
        return ft_api_recover(comm, true, key, newcomm, fn);
    FT_CHECK_ARG(color >= 0 || color == MPI_UNDEFINED, comm, MPI_ERR_ARG, fn,
                 "color=%d is negative and not MPI_UNDEFINED", color);
    struct ft_comm *c;
    int rc = ft_comm_split(comm, color, key, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_split_type(MPI_Comm comm, int split_type, int key,
                         MPI_Info info, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split_type";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(!ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "comm is an intercommunicator");
    CHECK_INFO_OR_NULL(info, comm, fn);
    FT_CHECK_ARG(newcomm, comm, MPI_ERR_ARG, fn, "newcomm is NULL");
    FT_CHECK_ARG(split_type == MPI_COMM_TYPE_SHARED ||
                     split_type == MPI_UNDEFINED,
                 comm, MPI_ERR_ARG, fn,
                 "split_type=%d: use MPI_COMM_TYPE_SHARED or MPI_UNDEFINED",
                 split_type);
    int color = split_type == MPI_UNDEFINED ? MPI_UNDEFINED
                                            : comm->eng->self->node;
    struct ft_comm *c;
    int rc = ft_comm_split(comm, color, key, &c);
    if (rc)
        return ft_api_ret(comm, rc, fn);
    *newcomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_free(MPI_Comm *comm)
{
    static const char fn[] = "MPI_Comm_free";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(comm, NULL, MPI_ERR_ARG, fn, "comm is NULL");
    FT_CHECK_COMM(*comm, fn);
    FT_CHECK_ARG(!(*comm)->predefined, *comm, MPI_ERR_COMM, fn,
                 "%s cannot be freed", (*comm)->name);
    /* The delete callbacks run now; if one fails, the communicator stays
     * (with the attributes not deleted yet) and the call fails. */
    int rc = ft_api_comm_delete_attrs(*comm);
    if (rc)
        return ft_api_ret(*comm, rc, fn);
    /* Operations still pending hold references: the communicator lives
     * until they complete. */
    ft_comm_release(*comm);
    *comm = MPI_COMM_NULL;
    return MPI_SUCCESS;
}

int PMPI_Comm_set_info(MPI_Comm comm, MPI_Info info)
{
    static const char fn[] = "MPI_Comm_set_info";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    CHECK_INFO_OR_NULL(info, comm, fn);
    if (info == MPI_INFO_NULL)
        return MPI_SUCCESS;
    /* No hint changes what ftmpi does; they are kept so that
     * MPI_Comm_get_info returns them.  New values replace old ones, keys
     * not mentioned keep theirs. */
    if (!comm->info && !(comm->info = ft_info_new()))
        return ft_api_err(comm, MPI_ERR_NO_MEM, fn, "out of memory");
    return ft_api_ret(comm, ft_info_merge(comm->info, info), fn);
}

int PMPI_Comm_get_info(MPI_Comm comm, MPI_Info *info_used)
{
    static const char fn[] = "MPI_Comm_get_info";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(info_used, comm, MPI_ERR_ARG, fn, "info_used is NULL");
    struct ft_info *i;
    if (comm->info) {
        int rc = ft_info_dup(comm->info, &i);
        if (rc)
            return ft_api_ret(comm, rc, fn);
    } else if (!(i = ft_info_new())) {
        return ft_api_err(comm, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    *info_used = i;
    return MPI_SUCCESS;
}

int PMPI_Comm_test_inter(MPI_Comm comm, int *flag)
{
    static const char fn[] = "MPI_Comm_test_inter";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(flag, comm, MPI_ERR_ARG, fn, "flag is NULL");
    *flag = ft_comm_is_inter(comm);
    return MPI_SUCCESS;
}

int PMPI_Comm_remote_size(MPI_Comm comm, int *size)
{
    static const char fn[] = "MPI_Comm_remote_size";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(ft_comm_is_inter(comm), comm, MPI_ERR_COMM, fn,
                 "comm is not an intercommunicator");
    FT_CHECK_ARG(size, comm, MPI_ERR_ARG, fn, "size is NULL");
    *size = comm->rgroup->size;
    return MPI_SUCCESS;
}

int PMPI_Intercomm_create(MPI_Comm local_comm, int local_leader,
                          MPI_Comm peer_comm, int remote_leader, int tag,
                          MPI_Comm *newintercomm)
{
    static const char fn[] = "MPI_Intercomm_create";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_comm_ok(local_comm), NULL, MPI_ERR_COMM, fn,
                 "invalid communicator (argument local_comm)");
    FT_CHECK_ARG(!ft_comm_is_inter(local_comm), local_comm, MPI_ERR_COMM, fn,
                 "local_comm is an intercommunicator");
    /* Its collectives would have to skip the blanks while the leader's
     * rank keeps the blank numbering: not supported. */
    FT_CHECK_ARG(!local_comm->live, local_comm, MPI_ERR_COMM, fn,
                 "local_comm has blanks (FT-MPI blank mode)");
    FT_CHECK_ARG(newintercomm, local_comm, MPI_ERR_ARG, fn,
                 "newintercomm is NULL");
    FT_CHECK_ARG(local_leader >= 0 && local_leader < local_comm->size,
                 local_comm, MPI_ERR_RANK, fn,
                 "local_leader=%d is not a rank of local_comm (size %d)",
                 local_leader, local_comm->size);
    /* peer_comm, remote_leader and tag matter at the leader only.  A
     * leader that finds them bad still tells its group, so that nobody
     * waits for it. */
    int cls = 0;
    char why[160] = "";
    if (local_comm->rank == local_leader) {
        if (!ft_api_comm_ok(peer_comm)) {
            cls = MPI_ERR_COMM;
            snprintf(why, sizeof why,
                     "invalid communicator (argument peer_comm)");
        } else if (remote_leader < 0 || remote_leader >= peer_comm->npeers) {
            cls = MPI_ERR_RANK;
            snprintf(why, sizeof why,
                     "remote_leader=%d is not a rank of peer_comm (size %d)",
                     remote_leader, peer_comm->npeers);
        } else if (tag < 0) {
            cls = MPI_ERR_TAG;
            snprintf(why, sizeof why,
                     "tag=%d is negative (tags go from 0 to MPI_TAG_UB)",
                     tag);
        }
    }
    struct ft_comm *c;
    int rc = ft_comm_intercomm_create(local_comm, local_leader,
                                      cls ? NULL : peer_comm, remote_leader,
                                      tag, &c);
    if (cls)
        return ft_api_err(local_comm, cls, fn, "%s", why);
    if (rc == -EINVAL)
        return ft_api_err(local_comm, MPI_ERR_ARG, fn,
                          "the local leader (rank %d) was given a bad "
                          "peer_comm, remote_leader or tag",
                          local_leader);
    if (rc == -EEXIST)
        return ft_api_err(local_comm, MPI_ERR_ARG, fn,
                          "the local and the remote group overlap");
    if (rc)
        return ft_api_ret(local_comm, rc, fn);
    *newintercomm = c;
    return MPI_SUCCESS;
}

int PMPI_Intercomm_merge(MPI_Comm intercomm, int high,
                         MPI_Comm *newintracomm)
{
    static const char fn[] = "MPI_Intercomm_merge";
    FT_CHECK_READY(fn);
    FT_CHECK_ARG(ft_api_comm_ok(intercomm), NULL, MPI_ERR_COMM, fn,
                 "invalid communicator (argument intercomm)");
    FT_CHECK_ARG(ft_comm_is_inter(intercomm), intercomm, MPI_ERR_COMM, fn,
                 "intercomm is not an intercommunicator");
    FT_CHECK_ARG(newintracomm, intercomm, MPI_ERR_ARG, fn,
                 "newintracomm is NULL");
    struct ft_comm *c;
    int rc = ft_comm_intercomm_merge(intercomm, high != 0, &c);
    if (rc)
        return ft_api_ret(intercomm, rc, fn);
    *newintracomm = c;
    return MPI_SUCCESS;
}

int PMPI_Comm_set_name(MPI_Comm comm, const char *comm_name)
{
    static const char fn[] = "MPI_Comm_set_name";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(comm_name, comm, MPI_ERR_ARG, fn, "comm_name is NULL");
    snprintf(comm->name, sizeof comm->name, "%s", comm_name);
    return MPI_SUCCESS;
}

int PMPI_Comm_get_name(MPI_Comm comm, char *comm_name, int *resultlen)
{
    static const char fn[] = "MPI_Comm_get_name";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(comm_name && resultlen, comm, MPI_ERR_ARG, fn,
                 "comm_name or resultlen is NULL");
    strcpy(comm_name, comm->name);
    *resultlen = (int)strlen(comm_name);
    return MPI_SUCCESS;
}

int PMPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_Comm_set_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(ft_api_errh_ok(errhandler) && errhandler->obj == FT_EH_COMM,
                 comm, MPI_ERR_ARG, fn,
                 "invalid communicator error handler (argument errhandler)");
    ft_errhandler_retain(errhandler);
    ft_errhandler_release(comm->errh);
    comm->errh = errhandler;
    /* A program that handles errors itself is one that survives failures:
     * the launcher must not end the job when a rank dies. */
    if (errhandler->kind != FT_EH_FATAL && errhandler->kind != FT_EH_ABORT)
        ft_client_tolerant(&comm->eng->client);
    return MPI_SUCCESS;
}

int PMPI_Errhandler_set(MPI_Comm comm, MPI_Errhandler errhandler)
{
    return PMPI_Comm_set_errhandler(comm, errhandler);
}

int PMPI_Comm_get_errhandler(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Comm_get_errhandler";
    FT_CHECK_READY(fn);
    FT_CHECK_COMM(comm, fn);
    FT_CHECK_ARG(errhandler, comm, MPI_ERR_ARG, fn, "errhandler is NULL");
    ft_errhandler_retain(comm->errh);
    *errhandler = comm->errh;
    return MPI_SUCCESS;
}

int PMPI_Errhandler_get(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    return PMPI_Comm_get_errhandler(comm, errhandler);
}
