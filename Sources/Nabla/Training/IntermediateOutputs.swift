extension Module {
    /// The outputs of the modules of type `M` inside this one (itself included) while `body` runs it once,
    /// in evaluation mode without gradients, in the order their calls finished: what a network's
    /// convolution layers make of one image (their feature maps), wherever they sit (inside `Sequential`,
    /// `Residual` or a module of your own). Only calls made through `layer(x)` or `recordCall` are seen;
    /// a module called several times appears once per call.
    ///
    /// ```swift
    /// let maps = model.intermediateOutputs(of: Conv2d.self) { _ = model(image.reshaped([1, 28, 28])) }
    /// maps[0].output.shape   // [1, 6, 28, 28]: the first convolution's six feature maps
    /// ```
    public func intermediateOutputs<M: Module>(of type: M.Type, running body: () -> Void) -> [(module: M, output: Tensor)] {
        var calls: [ModuleCallRecorder.Call] = []
        inEvaluationMode { calls = ModuleCallRecorder.recording(body) }
        return calls.compactMap { call in
            guard let module = call.module as? M, let output = call.outputs.first else { return nil }
            return (module, output)
        }
    }
}
