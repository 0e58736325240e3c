import Testing
@testable import Nabla

/// `ConfusionMatrix`: counts of (true, predicted) pairs, accuracy and the printed table.
@Suite struct ConfusionMatrixTests {
    /// argmax: 0, 2, 1, 2, 0, 2.
    let predictions = Tensor([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.3, 0.3, 0.4]])
    let labels = Tensor([0, 0, 1, 2, 2, 2])

    @Test func counts() throws {
        var matrix = ConfusionMatrix(classCount: 3)
        try matrix.add(predictions: predictions, labels: labels)
        #expect(matrix.counts == [[1, 0, 1], [0, 1, 0], [1, 0, 2]])
        #expect(matrix.accuracy == 4.0 / 6)
        // Batches accumulate; one-hot labels work too.
        try matrix.add(predictions: predictions, labels: try Tensor.oneHot([0, 0, 1, 2, 2, 2], classCount: 3))
        #expect(matrix.counts == [[2, 0, 2], [0, 2, 0], [2, 0, 4]])
        #expect(matrix.accuracy == 8.0 / 12)
        #expect(ConfusionMatrix(classCount: 2).accuracy == 0)
    }

    @Test func descriptionLayout() throws {
        var matrix = ConfusionMatrix(classCount: 3)
        try matrix.add(predictions: predictions, labels: labels)
        // Cells are right-aligned in columns of width 4 (or the longest name); row labels in a column as
        // wide as the header "true \ predicted" (16 characters) or the longest name.
        #expect(matrix.description == """
            true \\ predicted     0    1    2
                           0     1    0    1
                           1     0    1    0
                           2     1    0    2
            """)
        var named = ConfusionMatrix(classCount: 2, classNames: ["cat", "mouse"])
        try named.add(predictions: Tensor([[1, 0], [0, 1], [0, 1]]), labels: Tensor([0, 0, 1]))
        #expect(named.description == """
            true \\ predicted    cat mouse
                         cat      1     1
                       mouse      0     1
            """)
        // Every line has the same width, so the columns line up.
        #expect(Set(named.description.split(separator: "\n").map(\.count)).count == 1)
    }

    /// Fewer names than classes (a model file's class list cut short): the rest are shown by index
    /// instead of the printing running off the end of the list.
    @Test func classesWithoutANameAreShownByIndex() throws {
        var matrix = ConfusionMatrix(classCount: 3, classNames: ["cat"])
        try matrix.add(predictions: Tensor([[1, 0, 0], [0, 0, 1]]), labels: Tensor([0, 2]))
        #expect(matrix.description == """
            true \\ predicted   cat    1    2
                         cat     1    0    0
                           1     0    0    0
                           2     0    0    1
            """)
    }

    @Test func wrongShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var matrix = ConfusionMatrix(classCount: 3)
            try matrix.add(predictions: Tensor.zeros([2, 4]), labels: Tensor([0, 1]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("[N, 3]") && message.contains("[2, 4]"), "\(message)")
    }
}
