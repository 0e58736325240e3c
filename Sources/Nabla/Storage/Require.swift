/// Stops the program with `message` when `condition` is false, in debug and release builds alike.
///
/// Nabla uses it for misuse that cannot be recovered from inside an expression (two shapes that do
/// not fit, an axis out of range). Unlike `precondition`, whose message optimised builds drop, the
/// message always reaches the user.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
