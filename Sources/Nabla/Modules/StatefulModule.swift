/// A module that carries state from one call to the next (the hidden state of a recurrent network fed
/// consecutive pieces of long sequences), which `fit` manages: it resets the state at the start of
/// every epoch and before validation, and detaches it after every batch, so that the next batch's
/// `backward()` stops at the batch boundary (truncated backpropagation through time) instead of
/// running into a graph that was already used and freed.
///
/// ```swift
/// final class RunningContext: Module, Layer, StatefulModule {
///     let cell = Linear(8, 8)
///     var state: Tensor?
///     func forward(_ input: Tensor) -> Tensor {
///         let next = cell(input + (state ?? Tensor.zeros(like: input))).tanh()
///         state = next
///         return next
///     }
///     func resetState() { state = nil }
///     func detachState() { state = state?.detached() }
/// }
/// ```
///
/// Any module in a model may be stateful; `resetAllStates()` and `detachAllStates()` reach them all.
public protocol StatefulModule: Module {
    /// Forgets the state: the next call starts afresh.
    func resetState()
    /// Keeps the state's values but cuts it off from the computation graph that produced it.
    func detachState()
}

extension Module {
    /// Calls `resetState()` on this module and every sub-module that is a `StatefulModule`.
    public func resetAllStates() {
        for module in [self] + structure.modules.map(\.module) { (module as? any StatefulModule)?.resetState() }
    }

    /// Calls `detachState()` on this module and every sub-module that is a `StatefulModule`.
    public func detachAllStates() {
        for module in [self] + structure.modules.map(\.module) { (module as? any StatefulModule)?.detachState() }
    }
}
