/*
 * Times MPI's all-reduce of one float buffer between the ranks of a job, with nothing else to do:
 * the transfer alone, without the waiting for a slower rank that a training step adds. Blocking
 * MPI_Allreduce against non-blocking MPI_Iallreduce + MPI_Wait, 200 times each, in place.
 *
 *   mpicc -O2 -o /tmp/allreduce_bench Benchmarks/allreduce_bench.c
 *   mpirun -np 2 /tmp/allreduce_bench 235146      # the MLP's gradient: 235,146 floats
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int count = argc > 1 ? atoi(argv[1]) : 235146;
    const int repetitions = 200;
    float *buffer = malloc((size_t)count * sizeof(float));
    if (count <= 0 || buffer == NULL) {
        if (rank == 0) fprintf(stderr, "allreduce_bench: the float count must be positive and fit in memory, got '%s'\n", argc > 1 ? argv[1] : "");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    for (int i = 0; i < count; i++) buffer[i] = (float)(i % 1000) * 1e-3f;
    for (int blocking = 1; blocking >= 0; blocking--) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (int repetition = 0; repetition < repetitions; repetition++) {
            if (blocking) {
                MPI_Allreduce(MPI_IN_PLACE, buffer, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
            } else {
                MPI_Request request;
                MPI_Iallreduce(MPI_IN_PLACE, buffer, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, &request);
                MPI_Wait(&request, MPI_STATUS_IGNORE);
            }
        }
        double seconds = (MPI_Wtime() - start) / repetitions;
        if (rank == 0) printf("%-10s %8.3f ms per all-reduce of %d floats (%.2f MB)\n", blocking ? "Allreduce" : "Iallreduce", seconds * 1e3, count, count * 4e-6);
    }
    free(buffer);
    MPI_Finalize();
    return 0;
}
