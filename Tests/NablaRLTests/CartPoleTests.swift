import Testing
import NablaRL

/// CartPole: one Euler step against numbers worked out from the equations of motion, the end of an
/// episode (terminal against truncated), and seeded start states.
@Suite struct CartPoleTests {
    @Test func oneStepFromRestPushedRight() {
        // θ = θ̇ = 0, F = 10: h = F/M = 100/11, θ̈ = -h / (l(4/3 - m/M)) = -(100/11)/(41/66) = -600/41,
        // ẍ = h - m l θ̈ / M = 100/11 + 300/451 = 400/41; the Euler step moves only the velocities.
        let next = CartPole.next([0, 0, 0, 0], force: 10)
        expectClose(next, [0, 0.02 * 400 / 41, 0, -0.02 * 600 / 41])
    }

    @Test func oneStepLeaningAndPushedLeft() {
        // (x, ẋ, θ, θ̇) = (0.1, -0.2, 0.05, 0.3), F = -10:
        // h = (-10 + 0.05·0.09·sin 0.05)/1.1 = -9.0907046, θ̈ = (9.8 sin 0.05 - cos 0.05·h)/(0.5(4/3 - 0.1 cos² 0.05/1.1)) = 15.4011657,
        // ẍ = h - 0.05·θ̈·cos 0.05/1.1 = -9.7898827.
        var cartPole = CartPole(seed: 1)
        _ = cartPole.reset(to: [0.1, -0.2, 0.05, 0.3])
        let step = cartPole.step(0)
        expectClose(step.observation, [0.1 + 0.02 * -0.2, -0.2 + 0.02 * -9.7898827, 0.05 + 0.02 * 0.3, 0.3 + 0.02 * 15.4011657], tolerance: 1e-8)
        #expect(step.reward == 1 && !step.isTerminal && !step.isTruncated)
    }

    @Test func fallingOverIsTerminal() {
        var cartPole = CartPole(seed: 1)
        _ = cartPole.reset(to: [0, 0, 0.2, 0])   // 11.5°, falling to the right
        var steps = 0, last = EnvironmentStep(observation: [], reward: 0, isTerminal: false)
        repeat { last = cartPole.step(0); steps += 1 } while !last.isLast
        #expect(last.isTerminal && !last.isTruncated)
        #expect(abs(last.observation[2]) > CartPole.angleLimit)
        #expect(steps < 10, "fell after \(steps) steps")
    }

    @Test func leavingTheTrackIsTerminal() {
        var cartPole = CartPole(seed: 1)
        _ = cartPole.reset(to: [2.39, 1, 0, 0])
        let step = cartPole.step(1)
        #expect(step.observation[0] > CartPole.positionLimit && step.isTerminal)
    }

    @Test func theStepLimitTruncatesWithoutATerminalState() {
        var cartPole = CartPole(seed: 3, stepLimit: 5)
        _ = cartPole.reset(to: [0, 0, 0, 0])
        var steps: [EnvironmentStep] = []
        for action in [1, 0, 1, 0, 1] { steps.append(cartPole.step(action)) }
        #expect(steps.prefix(4).allSatisfy { !$0.isLast })
        #expect(steps[4].isTruncated && !steps[4].isTerminal && steps[4].isLast)
        #expect(CartPole(seed: 1).stepLimit == 500 && CartPole.maximumReturn == 500)
    }

    @Test func startStatesAreSeededAndSmall() {
        var first = CartPole(seed: 42), second = CartPole(seed: 42), other = CartPole(seed: 43)
        let starts = (0..<20).map { _ in first.reset() }
        #expect(starts == (0..<20).map { _ in second.reset() })
        #expect(starts != (0..<20).map { _ in other.reset() })
        #expect(starts.allSatisfy { $0.count == 4 && $0.allSatisfy { abs($0) <= 0.05 } })
        #expect(Set(starts.map { $0[0] }).count == 20)
    }
}

func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (index, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > tolerance {
        Issue.record("value \(index) is \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}
