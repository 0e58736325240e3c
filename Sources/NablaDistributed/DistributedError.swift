/// What goes wrong in a data-parallel run before any rank has to be stopped.
public enum DistributedError: Error, CustomStringConvertible, Equatable {
    /// MPI could not be started.
    case initialization(String)
    /// The ranks disagree (their parameters, their data) or the run's settings do not fit the job.
    case mismatch(String)

    /// The message, naming what does not fit.
    public var description: String {
        switch self {
        case .initialization(let message): "MPI: \(message)"
        case .mismatch(let message): message
        }
    }
}
