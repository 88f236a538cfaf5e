/*
 * ftmpi-info -- what this ftmpi is: version, transports, tunables.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "base/param.h"
#include "transport/transport.h"

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
                     strcmp(argv[1], "--help") == 0)) {
        printf("usage: ftmpi-info\nPrints the version, the transports and "
               "every tunable with its value and meaning.\n");
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "ftmpi-info: unknown argument '%s' (see "
                        "ftmpi-info --help)\n", argv[1]);
        return 2;
    }
    char err[256];
    int bad = ft_param_init(err, sizeof err);
    printf("ftmpi %s (MPI %d.%d)\n", FTMPI_VERSION_STRING, MPI_VERSION,
           MPI_SUBVERSION);
    /* The tree this ftmpi-info belongs to: bin/.. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        printf("Prefix: %s\n", dirname(dirname(exe)));
    }
    printf("\n");
    printf("Transports, in order of preference:\n");
    for (size_t i = 0; ft_transports[i]; i++)
        printf("  %-6s %s\n", ft_transports[i]->name,
               ft_transports[i]->description);
    printf("\nTunables (set them in the environment):\n");
    for (int i = 0; i < FT_P_COUNT; i++) {
        const struct ft_param *p = ft_param_desc((enum ft_param_id)i);
        printf("  %s=%ld%s\n      %s (default %ld, from %ld to %ld)\n",
               p->name, ft_param((enum ft_param_id)i),
               ft_param_is_set((enum ft_param_id)i) ? " (set)" : "",
               p->meaning, p->def, p->min, p->max);
    }
    if (bad) {
        fprintf(stderr, "ftmpi-info: %s\n", err);
        return 1;
    }
    return 0;
}
