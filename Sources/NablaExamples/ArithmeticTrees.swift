import Nabla

/// Generated parse-like binary trees for the Tree-LSTM (`TreeLSTM`): arithmetic expressions over the
/// digits with +, − and ×, computed modulo 10. The label of a tree is its value, so that a model has to
/// combine its subtrees the way the operators do.
///
/// ```swift
/// let trees = ArithmeticTrees.trees(count: 1000, leaves: 2...20, seed: 1)
/// trees[0].label   // the expression's value mod 10
/// ```
public enum ArithmeticTrees {
    /// The operators, numbered after the digits in the symbol set.
    public enum Operator: Int, Sendable, CaseIterable {
        case add, subtract, multiply

        /// `a ∘ b` modulo 10.
        public func apply(_ a: Int, _ b: Int) -> Int {
            switch self {
            case .add: return (a + b) % 10
            case .subtract: return (a - b + 10) % 10
            case .multiply: return (a * b) % 10
            }
        }
    }

    /// A node of a tree: a digit, or an operator on two earlier nodes.
    public enum Node: Sendable, Equatable {
        case digit(Int)
        case operation(Operator, left: Int, right: Int)
    }

    /// One tree: its nodes with every child before its parent (the root last), and its value mod 10.
    public struct Tree: Sendable, Equatable {
        public let nodes: [Node]
        public let label: Int
    }

    /// The number of symbols: ten digits and the operators.
    public static var symbolCount: Int { 10 + Operator.allCases.count }
    /// The number of labels (values mod 10).
    public static let labelCount = 10

    /// `count` random trees whose numbers of leaves are drawn uniformly from `leaves`, split at random points.
    public static func trees(count: Int, leaves: ClosedRange<Int>, seed: UInt64) -> [Tree] {
        precondition(leaves.lowerBound >= 1, "ArithmeticTrees: trees need at least one leaf, got \(leaves)")
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            var nodes: [Node] = [], values: [Int] = []
            func build(_ leafCount: Int) -> Int {
                if leafCount == 1 {
                    let digit = Int.random(in: 0..<10, using: &generator)
                    nodes.append(.digit(digit))
                    values.append(digit)
                } else {
                    let split = Int.random(in: 1..<leafCount, using: &generator)
                    let left = build(split), right = build(leafCount - split)
                    let operation = Operator.allCases.randomElement(using: &generator)!
                    nodes.append(.operation(operation, left: left, right: right))
                    values.append(operation.apply(values[left], values[right]))
                }
                return nodes.count - 1
            }
            _ = build(Int.random(in: leaves, using: &generator))
            return Tree(nodes: nodes, label: values[values.count - 1])
        }
    }
}
