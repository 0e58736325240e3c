import ArgumentParser
import Nabla

/// `nabla graph`: prints the computation graph of one of the notes' examples as Graphviz DOT.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the computation graph of an example as Graphviz DOT (pipe it to `dot -Tsvg`).",
        discussion: """
        neuron: the sigmoid neuron with quadratic cost, C = ½(σ(w·x + b) - y)².
        mlp:    a 2-3-1 network on a minibatch of 4, with cross-entropy-like cost.
        """
    )

    enum Example: String, ExpressibleByArgument, CaseIterable { case neuron, mlp }

    @Argument(help: "Which graph: neuron or mlp.") var example: Example = .neuron

    func run() throws {
        switch example {
        case .neuron:
            let w = Tensor([0.6]).requiringGrad().labeled("w")
            let b = Tensor([0.9]).requiringGrad().labeled("b")
            let x = Tensor([1.0]), y = Tensor([0.0])
            let z = (w * x + b).labeled("z")
            let a = z.sigmoid().labeled("a")
            let cost = (0.5 * (a - y).squared()).sum().labeled("C")
            print(cost.graphviz(name: "neuron"))
        case .mlp:
            let x = Tensor.randomUniform([4, 2])
            let w1 = Tensor.randomNormal([2, 3]).requiringGrad().labeled("W1")
            let b1 = Tensor.zeros([3]).requiringGrad().labeled("b1")
            let w2 = Tensor.randomNormal([3, 1]).requiringGrad().labeled("W2")
            let b2 = Tensor.zeros([1]).requiringGrad().labeled("b2")
            let hidden = (x.matmul(w1) + b1).sigmoid().labeled("a1")
            let output = (hidden.matmul(w2) + b2).sigmoid().labeled("a2")
            let cost = output.log().mean().labeled("C")
            print((-cost).graphviz(name: "mlp"))
        }
    }
}
