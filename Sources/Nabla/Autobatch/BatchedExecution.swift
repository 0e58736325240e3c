/// Running one group of an `Autobatch` scope: the per-example operands are stacked along a new first
/// axis, the operation runs once on the stacks with ordinary (recorded) tensor operations, and each
/// node's result stays a row of the batched result until something reads it.
extension Autobatch {
    /// Runs `group`, nodes of one signature none of which depends on another.
    func run(_ group: [Int]) throws {
        let first = nodes[group[0]]
        guard first.operation.isBatchable else {
            for node in group { try runAlone(node) }
            return
        }
        let members = orderedForContiguousOperands(group)
        let operands: [Tensor]
        if first.operation == .total {
            // Every member's operands, member by member: [n · m, ...], summed per member below.
            operands = [gather(members.flatMap { nodes[$0].operands })]
        } else {
            operands = first.operands.indices.map { position in gather(members.map { nodes[$0].operands[position] }) }
        }
        let outputs = try batchedResults(of: first, operands: operands, indices: members.map { nodes[$0].index }, count: members.count)
        for (output, result) in outputs.enumerated() {
            batches.append(result)
            for (row, member) in members.enumerated() {
                slots[nodes[member].firstSlot + output].value = .row(batch: batches.count - 1, row: row)
            }
        }
        statistics.groups += 1
    }

    /// The members sorted by where their first operand lies, so that it is gathered as one slice of a
    /// batch where possible (a recurrent state read back from the previous step's group, in order).
    private func orderedForContiguousOperands(_ group: [Int]) -> [Int] {
        guard group.count > 1, !nodes[group[0]].operands.isEmpty else { return group }
        let keys = group.map { node -> (Int, Int) in
            let slot = nodes[node].operands[0]
            if case .row(let batch, let row) = slots[slot].value! { return (batch, row) }
            return (-1, slot)
        }
        return group.indices.sorted { keys[$0] < keys[$1] }.map { group[$0] }
    }

    /// Runs an unbatched node on its own example.
    private func runAlone(_ node: Int) throws {
        let recorded = nodes[node], slot = recorded.firstSlot
        let result = try recorded.body!(tensor(of: recorded.operands[0]))
        guard result.shape == slots[slot].shape, result.dtype == slots[slot].dtype else {
            throw AutobatchError.unexpectedResult(operation: recorded.operation.name, expectedShape: slots[slot].shape, expectedType: slots[slot].dtype,
                                                  shape: result.shape, dtype: result.dtype)
        }
        slots[slot].value = .tensor(result)
        statistics.groups += 1
        statistics.unbatchedNodes += 1
    }

    /// The per-example values in `slotList` stacked along a new first axis. Runs of rows of one batched
    /// result are taken as a slice (the whole result when it is all of it) or picked by index; runs of
    /// tensors of their own are stacked.
    func gather(_ slotList: [Int]) -> Tensor {
        var pieces: [Tensor] = []
        var start = 0
        while start < slotList.count {
            var end = start + 1
            switch slots[slotList[start]].value! {
            case .tensor:
                while end < slotList.count, case .tensor = slots[slotList[end]].value! { end += 1 }
                pieces.append(Tensor.stack(slotList[start..<end].map { tensor(of: $0) }))
            case .row(let batch, _):
                var rows: [Int] = []
                for slot in slotList[start...] {
                    guard case .row(batch, let row) = slots[slot].value! else { break }
                    rows.append(row)
                }
                end = start + rows.count
                pieces.append(Autobatch.rows(rows, of: batches[batch]))
            }
            start = end
        }
        return pieces.count == 1 ? pieces[0] : Tensor.concatenate(pieces)
    }

    /// `rows` of `batch` along its first axis.
    private static func rows(_ rows: [Int], of batch: Tensor) -> Tensor {
        let isConsecutive = zip(rows, rows.dropFirst()).allSatisfy { $0 + 1 == $1 }
        guard isConsecutive else { return batch.indexSelect(alongAxis: 0, checkedIndices: rows) }
        return rows.count == batch.shape[0] ? batch : batch.sliced(alongAxis: 0, rows[0]..<rows[0] + rows.count)
    }

    /// The operation of `node` run once on `operands` stacked for `count` examples (each `[count, ...]`),
    /// with the members' per-example `indices`; one result per output, each `[count, ...]`.
    private func batchedResults(of node: RecordedNode, operands: [Tensor], indices: [Int], count: Int) throws -> [Tensor] {
        let shapes = node.operands.map { slots[$0].shape }
        switch node.operation {
        case .input, .unbatched:
            preconditionFailure("Autobatch: \(node.operation) is not run in a batch")
        case .embedding:
            return [node.shared[0].indexSelect(alongAxis: 0, checkedIndices: indices)]
        case .linear(let hasBias):
            let product = operands[0].matmul(node.shared[0], transposingOther: true)
            return [hasBias ? product + node.shared[1] : product]
        case .add, .subtract, .multiply:
            let rank = Swift.max(shapes[0].count, shapes[1].count)
            let a = Autobatch.aligned(operands[0], shapes[0], rank: rank), b = Autobatch.aligned(operands[1], shapes[1], rank: rank)
            return [node.operation == .add ? a + b : node.operation == .subtract ? a - b : a * b]
        case .addShared, .multiplyShared:
            let x = Autobatch.aligned(operands[0], shapes[0], rank: Swift.max(shapes[0].count, node.shared[0].rank))
            return [node.operation == .addShared ? x + node.shared[0] : x * node.shared[0]]
        case .tanh: return [operands[0].tanh()]
        case .sigmoid: return [operands[0].sigmoid()]
        case .relu: return [operands[0].relu()]
        case .concatenate: return [Tensor.concatenate(operands, alongAxis: 1)]
        case .slice(let range): return [operands[0].sliced(alongAxis: 1, range)]
        case .sum:
            return [shapes[0].isEmpty ? operands[0] : operands[0].sum(alongAxes: Array(1...shapes[0].count))]
        case .crossEntropy:
            return [try Tensor.crossEntropy(logits: operands[0], labels: Tensor(indices: indices), reduction: .none)]
        case .lstmCell:
            let hiddenSize = shapes[1][0]
            let step = try Tensor.lstm(projectedInput: operands[0].reshaped([count, 1, 4 * hiddenSize]), recurrentWeight: node.shared[0],
                                       initialHidden: operands[1], initialCell: operands[2])
            return [step.hidden, step.cell]
        case .total:
            return [operands[0].reshaped([count, node.operands.count] + shapes[0]).sum(alongAxis: 1)]
        }
    }

    /// A stack `[n] + shape` reshaped to rank `rank + 1` with ones after the batch axis, so that it
    /// broadcasts against another per-example operand as `shape` would.
    private static func aligned(_ stack: Tensor, _ shape: [Int], rank: Int) -> Tensor {
        shape.count == rank ? stack : stack.reshaped([stack.shape[0]] + Array(repeating: 1, count: rank - shape.count) + shape)
    }
}
