#include "core/topo.h"

#include <errno.h>
#include <stdlib.h>

/* The search for the most balanced factorization of m into k factors,
 * f[0] >= f[1] >= ... >= f[k-1], over the divisors of m. */
struct search {
    const int *div; /* divisors of m, ascending */
    int ndiv, k;
    int *cur, *best;
    long best_spread, best_max;
};

/* Whether d^r >= m, without overflow. */
static int reaches(long d, int r, long m)
{
    long p = 1;
    for (int i = 0; i < r && p < m; i++)
        p *= d;
    return p >= m;
}

static void dfs(struct search *s, int depth, long rem, long cap)
{
    int r = s->k - depth; /* factors still to choose, >= 1 */
    if (r == 1) {
        if (rem > cap)
            return;
        long spread = s->cur[0] - rem, max = depth ? s->cur[0] : rem;
        if (depth == 0)
            spread = 0;
        if (spread < s->best_spread ||
            (spread == s->best_spread && max < s->best_max)) {
            s->cur[depth] = (int)rem;
            for (int i = 0; i < s->k; i++)
                s->best[i] = s->cur[i];
            s->best_spread = spread;
            s->best_max = max;
        }
        return;
    }
    for (int j = s->ndiv - 1; j >= 0; j--) {
        long d = s->div[j];
        if (d > cap || rem % d)
            continue;
        if (!reaches(d, r, rem))
            break; /* smaller divisors cannot reach rem either */
        /* Every later factor is <= d: the spread is at least cur[0] - d. */
        if (depth > 0 && s->cur[0] - d > s->best_spread)
            continue;
        s->cur[depth] = (int)d;
        dfs(s, depth + 1, rem / d, d);
    }
}

/* The divisors of m in ascending order (caller frees), count in *n. */
static int *divisors(int m, int *n)
{
    int cap = 64, k = 0, nbig = 0;
    int *small = malloc((size_t)cap * sizeof *small);
    int *big = malloc((size_t)cap * sizeof *big);
    if (!small || !big)
        goto fail;
    for (long d = 1; d * d <= m; d++) {
        if (m % d)
            continue;
        if (k == cap || nbig == cap) {
            cap *= 2;
            int *a = realloc(small, (size_t)cap * sizeof *a);
            if (a)
                small = a;
            int *b = realloc(big, (size_t)cap * sizeof *b);
            if (b)
                big = b;
            if (!a || !b)
                goto fail;
        }
        small[k++] = (int)d;
        if (d * d != m)
            big[nbig++] = (int)(m / d);
    }
    int *all = malloc((size_t)(k + nbig) * sizeof *all);
    if (!all)
        goto fail;
    for (int i = 0; i < k; i++)
        all[i] = small[i];
    for (int i = 0; i < nbig; i++)
        all[k + i] = big[nbig - 1 - i];
    *n = k + nbig;
    free(small);
    free(big);
    return all;
fail:
    free(small);
    free(big);
    return NULL;
}

int ft_dims_create(int nnodes, int ndims, int *dims)
{
    long fixed = 1;
    int k = 0;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] == 0)
            k++;
        else
            fixed *= dims[i];
        if (fixed > nnodes)
            return -EINVAL;
    }
    if (nnodes % fixed)
        return -EINVAL;
    int m = (int)(nnodes / fixed);
    if (k == 0)
        return m == 1 ? 0 : -EINVAL;
    int ndiv;
    int *div = divisors(m, &ndiv);
    int *cur = malloc((size_t)k * sizeof *cur);
    int *best = malloc((size_t)k * sizeof *best);
    int rc = div && cur && best ? 0 : -ENOMEM;
    if (rc == 0) {
        struct search s = {div, ndiv, k, cur, best, m + 1L, m + 1L};
        dfs(&s, 0, m, m);
        for (int i = 0, j = 0; i < ndims; i++)
            if (dims[i] == 0)
                dims[i] = best[j++];
    }
    free(div);
    free(cur);
    free(best);
    return rc;
}
