/// The order in which an `Autobatch` scope runs its pending nodes, in groups of equal signature.
extension Autobatch {
    /// DyNet's agenda: keeps the nodes whose operands are computed, by signature, and runs at each round
    /// all ready nodes of the signature whose nodes lie lowest on average in the pending graph.
    /// `pending` is ascending (a topological order).
    func runByAgenda(_ pending: [Int]) throws {
        let base = pending[0], span = pending[pending.count - 1] - base + 1
        let signatureCount = signatureNumbers.count
        var waiting = [Int](repeating: 0, count: span)
        var depthSums = [Int](repeating: 0, count: signatureCount)
        var signatureCounts = [Int](repeating: 0, count: signatureCount)
        // The consumers of each pending node, in compressed rows: consumers of node b + i are
        // consumerList[consumerStart[i] ..< consumerStart[i + 1]].
        var consumerStart = [Int](repeating: 0, count: span + 1)
        for node in pending {
            depthSums[nodes[node].signature] += nodes[node].depth
            signatureCounts[nodes[node].signature] += 1
            for slot in nodes[node].operands where slots[slot].value == nil {
                consumerStart[slots[slot].node - base + 1] += 1
            }
        }
        for i in 0..<span { consumerStart[i + 1] += consumerStart[i] }
        var fill = consumerStart
        var consumerList = [Int](repeating: 0, count: consumerStart[span])
        for node in pending {
            for slot in nodes[node].operands where slots[slot].value == nil {
                let producer = slots[slot].node - base
                consumerList[fill[producer]] = node
                fill[producer] += 1
                waiting[node - base] += 1
            }
        }
        var ready = [[Int]](repeating: [], count: signatureCount)
        var active: [Int] = []
        func makeReady(_ node: Int) {
            let signature = nodes[node].signature
            if ready[signature].isEmpty { active.append(signature) }
            ready[signature].append(node)
        }
        for node in pending where waiting[node - base] == 0 { makeReady(node) }
        while !active.isEmpty {
            // The signature with the lowest average depth (compared as depthSum/count, without division).
            var best = 0
            for position in 1..<active.count {
                let a = active[position], b = active[best]
                if depthSums[a] * signatureCounts[b] < depthSums[b] * signatureCounts[a] { best = position }
            }
            let signature = active.remove(at: best)
            let group = ready[signature]
            ready[signature] = []
            try run(group)
            for node in group {
                let i = node - base
                for position in consumerStart[i]..<consumerStart[i + 1] {
                    let consumer = consumerList[position]
                    waiting[consumer - base] -= 1
                    if waiting[consumer - base] == 0 { makeReady(consumer) }
                }
            }
        }
    }

    /// Depth-based batching: depth by depth, the nodes of each signature together.
    func runByDepth(_ pending: [Int]) throws {
        var byDepth: [Int: [Int]] = [:]
        for node in pending { byDepth[nodes[node].depth, default: []].append(node) }
        for depth in byDepth.keys.sorted() {
            var groups: [Int: [Int]] = [:]
            var order: [Int] = []
            for node in byDepth[depth]! {
                let signature = nodes[node].signature
                if groups[signature] == nil { order.append(signature) }
                groups[signature, default: []].append(node)
            }
            for signature in order { try run(groups[signature]!) }
        }
    }
}
