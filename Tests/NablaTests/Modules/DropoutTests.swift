import Testing
@testable import Nabla

/// `Dropout`: inverted dropout in training mode, the identity in evaluation mode.
@Suite struct DropoutTests {
    @Test func evaluationModeIsTheIdentity() {
        let dropout = Dropout(probability: 0.5)
        dropout.eval()
        let x = uniform([10, 10], seed: 31)
        expectValues(dropout(x), x.scalars(as: Double.self), shape: [10, 10], tolerance: 0)
        #expect(Dropout(probability: 0)(x).scalars(as: Double.self) == x.scalars(as: Double.self))
    }

    @Test(arguments: [0.2, 0.5, 0.8])
    func trainingModeDropsAboutPAndScalesSurvivors(p: Double) {
        let dropout = Dropout(probability: p)
        let n = 20_000
        let x = Tensor.full([n], value: 3, dtype: .float64)
        let y = RandomGenerator.seeded(7) { dropout(x) }.scalars(as: Double.self)
        let zeros = y.filter { $0 == 0 }.count
        // The fraction dropped is binomial: its standard deviation is √(p(1-p)/n) ≤ 0.0036; allow 4 of them.
        #expect(Swift.abs(Double(zeros) / Double(n) - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "\(zeros) of \(n) dropped")
        // Survivors are scaled by 1/(1-p).
        #expect(y.allSatisfy { $0 == 0 || Swift.abs($0 - 3 / (1 - p)) < 1e-12 })
        // So the mean is preserved in expectation.
        let mean = y.reduce(0, +) / Double(n)
        let meanStd = 3 * (p / (1 - p) / Double(n)).squareRoot()
        #expect(Swift.abs(mean - 3) < 4 * meanStd, "mean \(mean)")
    }

    @Test func gradientFollowsTheMask() throws {
        let dropout = Dropout(probability: 0.5)
        let x = Tensor.ones([100], dtype: .float64).requiringGrad()
        let y = RandomGenerator.seeded(3) { dropout(x) }
        try y.sum().backward()
        // ∂y/∂x is the mask itself: 0 where dropped, 2 where kept.
        #expect(try #require(x.grad).scalars(as: Double.self) == y.scalars(as: Double.self))
    }

    @Test func seededScopeIsReproducible() {
        let dropout = Dropout(probability: 0.3)
        let x = Tensor.ones([50])
        let a = RandomGenerator.seeded(42) { dropout(x) }
        let b = RandomGenerator.seeded(42) { dropout(x) }
        let c = RandomGenerator.seeded(43) { dropout(x) }
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        // Two masks drawn one after the other in one scope differ.
        let (first, second) = RandomGenerator.seeded(42) { (dropout(x), dropout(x)) }
        #expect(first.scalars == a.scalars && second.scalars != first.scalars)
    }

    @Test func probabilityOutsideTheRangeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dropout(probability: 1)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Dropout") && message.contains("1.0"), "\(message)")
    }
}
