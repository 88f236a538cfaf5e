#include "runtime/nodeseg.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

uint32_t ft_nodeseg_ring_bytes(long wanted)
{
    uint32_t r = 4096;
    while (r < (uint64_t)wanted && r < (1u << 30))
        r <<= 1;
    return r;
}

int ft_nodeseg_create(struct ft_nodeseg *seg, uint32_t local_size,
                      uint32_t ring_bytes, uint32_t coll_box)
{
    memset(seg, 0, sizeof *seg);
    seg->fd = -1;
    uint64_t ctl_off = align_up(sizeof(struct ft_nodeseg_hdr), 4096);
    uint64_t ring_off =
        align_up(ctl_off + (uint64_t)local_size * sizeof(struct ft_rank_ctl),
                 4096);
    uint64_t coll_off = ring_off + (uint64_t)local_size * local_size *
                                       (FT_NODESEG_RING_HDR + ring_bytes);
    uint32_t coll_hdr = (uint32_t)FT_NODESEG_COLL_HDR(local_size);
    coll_box = (uint32_t)align_up(coll_box,
                                  FT_CACHELINE * FT_NODESEG_COLL_SLOTS);
    uint64_t total =
        coll_off + (coll_box ? (uint64_t)local_size * (coll_hdr + coll_box) : 0);
    int fd = memfd_create("ftmpi-node", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    /* The file is sparse: pages of rings never used cost nothing. */
    if (ftruncate(fd, (off_t)total)) {
        int e = -errno;
        close(fd);
        return e;
    }
    void *base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        int e = -errno;
        close(fd);
        return e;
    }
    seg->base = base;
    seg->size = total;
    seg->fd = fd;
    seg->hdr = base;
    seg->hdr->local_size = local_size;
    seg->hdr->ring_bytes = ring_bytes;
    seg->hdr->ctl_off = ctl_off;
    seg->hdr->ring_off = ring_off;
    seg->hdr->total = total;
    seg->hdr->coll_off = coll_off;
    seg->hdr->coll_hdr = coll_hdr;
    seg->hdr->coll_box = coll_box;
    seg->hdr->magic = FT_NODESEG_MAGIC;
    return 0;
}

int ft_nodeseg_attach(struct ft_nodeseg *seg, int fd)
{
    memset(seg, 0, sizeof *seg);
    seg->fd = -1;
    struct stat st;
    if (fstat(fd, &st))
        return -errno;
    if ((size_t)st.st_size < sizeof(struct ft_nodeseg_hdr))
        return -EINVAL;
    void *base =
        mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED)
        return -errno;
    struct ft_nodeseg_hdr *h = base;
    if (h->magic != FT_NODESEG_MAGIC || h->total != (uint64_t)st.st_size) {
        munmap(base, (size_t)st.st_size);
        return -EINVAL;
    }
    seg->base = base;
    seg->size = (size_t)st.st_size;
    seg->fd = fd;
    seg->hdr = h;
    return 0;
}

void ft_nodeseg_detach(struct ft_nodeseg *seg)
{
    if (seg->base)
        munmap(seg->base, seg->size);
    if (seg->fd >= 0)
        close(seg->fd);
    memset(seg, 0, sizeof *seg);
    seg->fd = -1;
}
