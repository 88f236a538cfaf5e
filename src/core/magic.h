/*
 * magic.h -- the first word of every object behind an MPI handle, so the
 * API layer can tell a communicator from a datatype (or from freed memory)
 * and answer with the right error class instead of crashing later.
 */
#ifndef FT_CORE_MAGIC_H
#define FT_CORE_MAGIC_H

#define FT_MAGIC_COMM 0x6d6d6f63u  /* "comm" */
#define FT_MAGIC_GROUP 0x70727267u /* "grrp" */
#define FT_MAGIC_TYPE 0x65707974u  /* "type" */
#define FT_MAGIC_REQ 0x71657272u   /* "rreq" */
#define FT_MAGIC_OP 0x2b2b706fu    /* "op++" */
#define FT_MAGIC_ERRH 0x68727265u  /* "errh" */
#define FT_MAGIC_INFO 0x6f666e69u  /* "info" */
#define FT_MAGIC_MSG 0x2067736du   /* "msg " */
#define FT_MAGIC_WIN 0x206e6977u   /* "win " */

#endif
