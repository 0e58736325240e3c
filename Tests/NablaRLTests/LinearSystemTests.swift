import Testing
import NablaRL

/// Gaussian elimination with partial pivoting.
struct LinearSystemTests {
    @Test func solvesASmallSystem() throws {
        // 2x + y - z = 8, -3x - y + 2z = -11, -2x + y + 2z = -3 has the solution (2, 3, -1).
        let solution = try LinearSystem.solve([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]], [8, -11, -3])
        for (found, expected) in zip(solution, [2.0, 3, -1]) { #expect(abs(found - expected) < 1e-12) }
    }

    @Test func pivotsPastAZeroOnTheDiagonal() throws {
        // Without row exchanges the first pivot would be 0.
        let solution = try LinearSystem.solve([[0, 1], [1, 0]], [5, 7])
        #expect(solution == [7, 5])
    }

    @Test func staysAccurateWithATinyPivot() throws {
        // Naive elimination on the 1e-20 pivot loses x entirely; partial pivoting gives x ≈ y ≈ 1.
        let solution = try LinearSystem.solve([[1e-20, 1], [1, 1]], [1, 2])
        #expect(abs(solution[0] - 1) < 1e-12 && abs(solution[1] - 1) < 1e-12)
    }

    @Test func reportsSingularAndMisshapenSystems() {
        #expect(throws: LinearSystemError.singular(column: 1)) { try LinearSystem.solve([[1, 2], [2, 4]], [1, 2]) }
        #expect(throws: LinearSystemError.shapeMismatch(rows: 2, rightHandSide: 3)) { try LinearSystem.solve([[1, 0], [0, 1]], [1, 2, 3]) }
        #expect(throws: LinearSystemError.notSquare(rows: 2, row: 1, columns: 1)) { try LinearSystem.solve([[1, 0], [1]], [1, 2]) }
        #expect(LinearSystemError.singular(column: 1).description == "the matrix is singular: no nonzero pivot is left in column 1")
    }
}
