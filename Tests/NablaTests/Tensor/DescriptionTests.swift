import Testing
@testable import Nabla

/// The printed form: PyTorch-like nested rows in aligned columns, then shape, non-default dtype
/// and autograd status. The expected strings are written out by hand.
@Suite struct DescriptionTests {
    @Test func integerValuedVector() {
        #expect(Tensor([1, 2, 3]).description == "Tensor([1., 2., 3.], shape: [3])")
    }

    @Test func scalar() {
        #expect(Tensor(3).description == "Tensor(3., shape: [])")
    }

    @Test func matrixColumnsAreAligned() {
        let x = Tensor([[1, -2], [30, 4]])
        #expect(x.description == """
            Tensor([[ 1., -2.],
                    [30.,  4.]], shape: [2, 2])
            """)
    }

    @Test func rank3BlocksAreSeparatedByABlankLine() {
        let x = Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        #expect(x.description == """
            Tensor([[[1., 2.],
                     [3., 4.]],

                    [[5., 6.],
                     [7., 8.]]], shape: [2, 2, 2])
            """)
    }

    @Test func fractionalValuesUseFourDecimals() {
        #expect(Tensor([0.5, -1.25, 2]).description == "Tensor([ 0.5000, -1.2500,  2.0000], shape: [3])")
    }

    @Test func tinyOrWideRangingValuesUseScientificNotation() {
        #expect(Tensor([1e-5, 1]).description == "Tensor([1.0000e-05, 1.0000e+00], shape: [2])")
        #expect(Tensor([123456.5, 2]).description == "Tensor([1.2346e+05, 2.0000e+00], shape: [2])")
    }

    @Test func nonFiniteValues() {
        #expect(Tensor([.nan, .infinity, -.infinity, 1]).description == "Tensor([ nan,  inf, -inf,   1.], shape: [4])")
    }

    @Test func float64IsNamed() {
        #expect(Tensor([1.5, 2], dtype: .float64).description == "Tensor([1.5000, 2.0000], shape: [2], dtype: float64)")
    }

    @Test func autogradStatus() {
        let x = Tensor([1, 2]).requiringGrad()
        #expect(x.description == "Tensor([1., 2.], shape: [2], requiresGrad: true)")
        #expect((x * 2).description == "Tensor([2., 4.], shape: [2], operation: multiply)")
        #expect(Tensor([0.25], dtype: .float64).requiringGrad().description
            == "Tensor([0.2500], shape: [1], dtype: float64, requiresGrad: true)")
        #expect("\(x)" == x.debugDescription)
    }

    @Test func longVectorIsElided() {
        #expect(Tensor.arange(0, 2000).description
            == "Tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape: [2000])")
        // At the threshold (1000 elements) nothing is elided.
        let atThreshold = Tensor.zeros([1000]).description
        #expect(!atThreshold.contains("...") && atThreshold.components(separatedBy: "0.").count == 1001)
    }

    @Test func largeMatrixIsElidedInBothDimensions() {
        let x = Tensor.arange(0, 1200).reshaped([40, 30])
        let rows = [
            "Tensor([[   0.,    1.,    2., ...,   27.,   28.,   29.],",
            "        [  30.,   31.,   32., ...,   57.,   58.,   59.],",
            "        [  60.,   61.,   62., ...,   87.,   88.,   89.],",
            "        ...,",
            "        [1110., 1111., 1112., ..., 1137., 1138., 1139.],",
            "        [1140., 1141., 1142., ..., 1167., 1168., 1169.],",
            "        [1170., 1171., 1172., ..., 1197., 1198., 1199.]], shape: [40, 30])",
        ]
        #expect(x.description == rows.joined(separator: "\n"))
    }
}
