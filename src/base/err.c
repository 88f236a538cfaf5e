#include "base/err.h"

#include <string.h>

static const char *const names[] = {
    [FT_EAGAIN - FT_ERR_BASE] = "FT_EAGAIN",
    [FT_EPROCFAILED - FT_ERR_BASE] = "FT_EPROCFAILED",
    [FT_EPENDING - FT_ERR_BASE] = "FT_EPENDING",
    [FT_EREVOKED - FT_ERR_BASE] = "FT_EREVOKED",
    [FT_ETRUNCATE - FT_ERR_BASE] = "FT_ETRUNCATE",
    [FT_EPROTO - FT_ERR_BASE] = "FT_EPROTO",
    [FT_EAUTH - FT_ERR_BASE] = "FT_EAUTH",
    [FT_ECLOSED - FT_ERR_BASE] = "FT_ECLOSED",
    [FT_EHUBGONE - FT_ERR_BASE] = "FT_EHUBGONE",
    [FT_ECANCELLED - FT_ERR_BASE] = "FT_ECANCELLED",
    [FT_EABORTED - FT_ERR_BASE] = "FT_EABORTED",
    [FT_EWINRANGE - FT_ERR_BASE] = "FT_EWINRANGE",
};

static const char *const texts[] = {
    [FT_EAGAIN - FT_ERR_BASE] = "no room now, try again",
    [FT_EPROCFAILED - FT_ERR_BASE] = "a peer process has failed",
    [FT_EPENDING - FT_ERR_BASE] =
        "a wildcard receive is stalled by an unacknowledged failure",
    [FT_EREVOKED - FT_ERR_BASE] = "the communicator has been revoked",
    [FT_ETRUNCATE - FT_ERR_BASE] = "message truncated",
    [FT_EPROTO - FT_ERR_BASE] = "malformed protocol message",
    [FT_EAUTH - FT_ERR_BASE] = "peer failed authentication",
    [FT_ECLOSED - FT_ERR_BASE] = "connection closed by peer",
    [FT_EHUBGONE - FT_ERR_BASE] = "the launcher is gone",
    [FT_ECANCELLED - FT_ERR_BASE] = "operation cancelled",
    [FT_EABORTED - FT_ERR_BASE] = "the job is being aborted",
    [FT_EWINRANGE - FT_ERR_BASE] =
        "the target memory is outside the target's window",
};

const char *ft_strerror(int err)
{
    int e = err < 0 ? -err : err;
    if (e == 0)
        return "success";
    if (e > FT_ERR_BASE && e < FT_ERR_LAST)
        return texts[e - FT_ERR_BASE];
    return strerror(e);
}

const char *ft_errname(int err)
{
    int e = err < 0 ? -err : err;
    if (e == 0)
        return "OK";
    if (e > FT_ERR_BASE && e < FT_ERR_LAST)
        return names[e - FT_ERR_BASE];
    const char *n = strerrorname_np(e);
    return n ? n : "E?";
}
