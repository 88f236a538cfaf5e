/*
 * lt_linecheck -- checks the lines lt_io wrote arrived whole.
 *
 *   lt_linecheck FILE NRANKS NLINES PARITY [tagged]
 *
 * FILE holds one stream of a job of NRANKS ranks running "lt_io lines
 * NLINES ...": the lines with an even number (PARITY 0, stdout) or an odd
 * one (PARITY 1, stderr).  Every line must be exactly one of lt_io's lines,
 * intact (with "[rank] " in front if tagged), and each must come exactly
 * once.  Prints "PASS lt_linecheck" or the first problem.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(long lineno, const char *why)
{
    printf("FAIL lt_linecheck: line %ld: %s\n", lineno, why);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: lt_linecheck FILE NRANKS NLINES PARITY "
                        "[tagged]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    int nranks = atoi(argv[2]), nlines = atoi(argv[3]);
    int parity = atoi(argv[4]);
    bool tagged = argc > 5 && strcmp(argv[5], "tagged") == 0;
    if (!f || nranks <= 0 || nlines <= 0)
        return 2;
    char *seen = calloc((size_t)nranks * (size_t)nlines, 1);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (line[n - 1] != '\n')
            return bad(lineno, "the output does not end with a newline");
        line[--n] = 0;
        char *p = line;
        int tag = -1;
        if (tagged) {
            if (sscanf(p, "[%d] ", &tag) != 1 || !(p = strstr(p, "] ")))
                return bad(lineno, "no [rank] tag");
            p += 2;
        }
        int r, i, off = 0;
        size_t len;
        if (sscanf(p, "L %d %d %zu %n", &r, &i, &len, &off) != 3 || off == 0)
            return bad(lineno, "not a line of lt_io (mixed or cut?)");
        if (r < 0 || r >= nranks || i < 0 || i >= nlines || i % 2 != parity)
            return bad(lineno, "rank or line number out of range");
        if (tagged && tag != r)
            return bad(lineno, "the tag names another rank");
        if (strlen(p + off) != len)
            return bad(lineno, "wrong length: mixed or cut");
        for (size_t k = 0; k < len; k++)
            if (p[off + k] != (char)('a' + (r * 7 + i * 3 + (int)k) % 26))
                return bad(lineno, "wrong payload: mixed");
        if (seen[(size_t)r * (size_t)nlines + (size_t)i]++)
            return bad(lineno, "line seen twice");
    }
    for (int r = 0; r < nranks; r++)
        for (int i = parity; i < nlines; i += 2)
            if (!seen[(size_t)r * (size_t)nlines + (size_t)i]) {
                printf("FAIL lt_linecheck: line %d of rank %d is missing\n", i,
                       r);
                return 1;
            }
    printf("PASS lt_linecheck (%ld lines)\n", lineno);
    free(seen);
    free(line);
    fclose(f);
    return 0;
}
