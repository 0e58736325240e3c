import Testing
import Nabla
@testable import NablaExamples

@Suite struct RegressionExampleTests {
    /// The validation error must come close to the noise variance σ² = 0.01, the best any model can do.
    @Test func fitsTheNoisyFunction() throws {
        let (history, _) = try RegressionExample.fit()
        let validation = history["val_loss"]
        #expect(validation.count == 200)
        #expect(validation.last! < 0.015, "validation MSE \(validation.last!)")
        #expect(validation.last! < validation.first! / 10)
    }
}
