import Foundation

/// Samples of the Dirichlet distribution Dir(α, …, α), the noise AlphaZero adds to the root's priors.
public enum Dirichlet {
    /// `count` non-negative numbers adding up to 1, drawn from the symmetric Dir(α): independent
    /// Gamma(α, 1) draws divided by their sum. Small α (0.3) puts most weight on a few entries.
    public static func sample<R: RandomNumberGenerator>(alpha: Double, count: Int, using generator: inout R) -> [Double] {
        precondition(alpha > 0 && count > 0, "Dirichlet: α and the count must be positive, not \(alpha) and \(count)")
        let draws = (0..<count).map { _ in gamma(shape: alpha, using: &generator) }
        let total = draws.reduce(0, +)
        return total > 0 ? draws.map { $0 / total } : Array(repeating: 1 / Double(count), count: count)
    }

    /// A Gamma(k, 1) draw by Marsaglia and Tsang's method; for k < 1, Gamma(k + 1) · U^(1/k).
    static func gamma<R: RandomNumberGenerator>(shape: Double, using generator: inout R) -> Double {
        if shape < 1 {
            let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
            return gamma(shape: shape + 1, using: &generator) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = standardNormal(using: &generator)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = Double.random(in: 0..<1, using: &generator)
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A standard normal draw (Box–Muller).
    static func standardNormal<R: RandomNumberGenerator>(using generator: inout R) -> Double {
        let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
