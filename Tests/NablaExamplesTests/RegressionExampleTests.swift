import Testing
import Nabla
@testable import NablaExamples

@Suite struct RegressionExampleTests {
    /// The validation error must come close to the noise variance σ² = 0.01, the best any model can do.
    @Test func fitsTheNoisyFunction() throws {
        let (history, _) = try RegressionExample.fit()
        let validation = history["val_loss"]
        #expect(validation.count == 200)
        let (first, last) = (try #require(validation.first), try #require(validation.last))
        #expect(last < 0.015, "validation MSE \(last)")
        #expect(last < first / 10)
    }
}
