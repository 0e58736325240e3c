import Nabla

/// The notes' perceptron: output 1 if w·x + b > 0, else 0. With w = (-2, -2) and b = 3 it is a NAND
/// gate, and since NAND is universal, a network of such perceptrons can add two bits.
public enum PerceptronExample {
    /// The NAND perceptron's weights w = (-2, -2) from the notes, as a column `[2, 1]`.
    public static let nandWeights = Tensor([[-2], [-2]])
    /// The NAND perceptron's bias b = 3, `[1]`.
    public static let nandBias = Tensor([3])

    /// Step activations of a layer of perceptrons: `inputs` `[N, k]`, `weights` `[k, m]`, `bias` `[m]`.
    public static func perceptrons(_ inputs: Tensor, weights: Tensor, bias: Tensor) -> Tensor {
        inputs.matmul(weights) + bias .> 0
    }

    /// NAND of two columns of bits, by the notes' perceptron.
    public static func nand(_ a: Tensor, _ b: Tensor) -> Tensor {
        perceptrons(Tensor.concatenate([a, b], alongAxis: 1), weights: nandWeights, bias: nandBias)
    }

    /// Adds bits `x1 + x2` with a network of NAND perceptrons (a half adder):
    /// n = x1 NAND x2; sum = (x1 NAND n) NAND (x2 NAND n); carry = n NAND n.
    /// Inputs and outputs are columns `[N, 1]`, so all four cases run as one batch.
    public static func addBits(_ x1: Tensor, _ x2: Tensor) -> (sum: Tensor, carry: Tensor) {
        let n = nand(x1, x2)
        let sum = nand(nand(x1, n), nand(x2, n))
        let carry = nand(n, n)
        return (sum, carry)
    }

    /// Prints the NAND truth table and the adder's, as the notes list them.
    public static func run() -> String {
        let x1 = Tensor([[0], [0], [1], [1]]), x2 = Tensor([[0], [1], [0], [1]])
        let gate = nand(x1, x2).scalars, (sum, carry) = addBits(x1, x2)
        var lines = ["NAND perceptron: w = (-2, -2), b = 3", "x1 x2 | output"]
        for i in 0..<4 { lines.append(" \(Int(x1.scalars[i]))  \(Int(x2.scalars[i])) |   \(Int(gate[i]))") }
        lines += ["", "Adding two bits with a network of NAND perceptrons", "x1 x2 | carry sum"]
        for i in 0..<4 { lines.append(" \(Int(x1.scalars[i]))  \(Int(x2.scalars[i])) |   \(Int(carry.scalars[i]))    \(Int(sum.scalars[i]))") }
        return lines.joined(separator: "\n")
    }
}
