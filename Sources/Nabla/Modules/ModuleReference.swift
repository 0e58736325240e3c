/// A module held without making it a part of the module that holds it: a back-reference to an owner,
/// or a module borrowed from elsewhere. It is held weakly, and the search for parameters does not look
/// through it, so the borrowed module's parameters are not the holder's.
///
/// A plain `weak var parent: Parent?` is a property like any other: seen from the model it is harmless
/// (the parent is met again and not walked twice), but seen from the child (`child.parameters()`, an
/// optimiser over the child alone) the parent and all it holds would count as the child's.
///
/// ```swift
/// final class Decoder: Module, Layer {
///     @ModuleReference var encoder: Encoder?     // read, not owned
///     let output = Linear(64, 10)
///     func forward(_ input: Tensor) -> Tensor { output(input) }
/// }
/// ```
@propertyWrapper
public final class ModuleReference<Target: Module> {
    private weak var target: Target?

    /// The module, or `nil` once it is gone.
    public var wrappedValue: Target? {
        get { target }
        set { target = newValue }
    }

    /// A reference to `wrappedValue`.
    public init(wrappedValue: Target?) {
        target = wrappedValue
    }

    /// A reference to nothing yet.
    public init() {}
}
