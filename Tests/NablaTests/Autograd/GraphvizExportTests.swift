import Testing
@testable import Nabla

/// The DOT picture of σ(w·x + b): one ellipse per labelled leaf, one box per operation, arrows
/// from inputs to the operations that use them.
@Suite struct GraphvizExportTests {
    /// Node labels by id and edges as (from label, to label), read back from DOT text.
    static func parse(_ dot: String) -> (labels: [String: String], edges: Set<String>) {
        var labels: [String: String] = [:], edges: Set<String> = []
        let lines = dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for line in lines where line.hasPrefix("n") && line.contains("label=\"") {
            let id = String(line.prefix { $0 != " " })
            let label = line.split(separator: "label=\"", maxSplits: 1)[1].dropLast(3)   // drop `"];`
            labels[id] = String(label)
        }
        for line in lines where line.contains(" -> ") {
            let parts = line.dropLast().split(separator: " -> ").map(String.init)   // drop `;`
            edges.insert("\(labels[parts[0]] ?? "?") -> \(labels[parts[1]] ?? "?")")
        }
        return (labels, edges)
    }

    @Test func sigmoidOfAnAffineMap() {
        let w = Tensor([[0.5, -1]]).requiringGrad().labeled("w")
        let x = Tensor([1, 2])
        let b = Tensor([0.1]).requiringGrad().labeled("b")
        let y = (w.matmul(x) + b).sigmoid().labeled("y")
        let dot = y.graphviz()
        #expect(dot.hasPrefix("digraph computation {\n  rankdir=LR;"))
        #expect(dot.hasSuffix("\n}"))
        #expect(dot.contains("[shape=ellipse, style=filled, fillcolor=\"#dbeafe\", label=\"w\\n[1, 2]\"];"))
        #expect(dot.contains("[shape=ellipse, style=filled, fillcolor=\"#dbeafe\", label=\"b\\n[1]\"];"))
        #expect(dot.contains("[shape=box, label=\"matmul\\n[1, 1]\"];"))
        #expect(dot.contains("[shape=box, label=\"y = sigmoid\\n[1]\"];"))

        let (labels, edges) = Self.parse(dot)
        #expect(Set(labels.values) == ["w\\n[1, 2]", "b\\n[1]", "matmul\\n[1, 1]", "reshape\\n[1]", "add\\n[1]", "y = sigmoid\\n[1]"])
        #expect(edges == [
            "w\\n[1, 2] -> matmul\\n[1, 1]",
            "matmul\\n[1, 1] -> reshape\\n[1]",
            "reshape\\n[1] -> add\\n[1]",
            "b\\n[1] -> add\\n[1]",
            "add\\n[1] -> y = sigmoid\\n[1]",
        ])
        // The constant x needs no gradient and is not drawn.
        #expect(labels.count == 6)
    }

    @Test func customGraphName() {
        let w = Tensor([1]).requiringGrad()
        #expect(w.graphviz(name: "mine").hasPrefix("digraph mine {"))
        #expect(w.graphviz().contains("label=\"leaf\\n[1]\""))
    }

    @Test func aConstantIsOneNode() {
        #expect(Tensor([1, 2]).graphviz() == """
            digraph computation {
              rankdir=LR;
              node [fontname="Helvetica", fontsize=11];
              n0 [shape=ellipse, label="constant\\n[2]"];
            }
            """)
    }

    @Test func quotesInLabelsAreReplaced() {
        let w = Tensor([1]).requiringGrad().labeled("say \"hi\"")
        #expect(w.graphviz().contains("label=\"say 'hi'\\n[1]\""))
    }
}
