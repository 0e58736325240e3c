// The system MPI (Open MPI or MPICH, found by pkg-config), exposed to Swift as the module CMPI.
// mpi.h defines the world communicator, the data types and the operations as macros that Swift
// cannot import (in Open MPI, casts of global objects' addresses), so they come as functions here.
#include <mpi.h>

static inline MPI_Comm nabla_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype nabla_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype nabla_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype nabla_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op nabla_mpi_sum(void) { return MPI_SUM; }
static inline int nabla_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int nabla_mpi_success(void) { return MPI_SUCCESS; }
static inline int nabla_mpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline void *nabla_mpi_in_place(void) { return MPI_IN_PLACE; }
