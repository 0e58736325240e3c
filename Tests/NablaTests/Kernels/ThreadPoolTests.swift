import CNablaKernels
import Foundation
import Testing
@testable import Nabla

/// The C worker pool behind threaded GEMM, and the core count that sizes it. Serialized: the tests
/// resize the one process-wide pool.
@Suite("Thread pool", .serialized)
struct ThreadPoolTests {
    @Test("Usable cores: at least one, at most the online CPUs, and the one count everything uses")
    func usableCores() {
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        #expect(CPU.usableCores >= 1)
        #expect(CPU.usableCores <= max(online, 1))
        #expect(GEMM.defaultThreadCount == CPU.usableCores)
        ThreadPool.setWorkerCount(nil)
        #expect(ThreadPool.workerCount == min(CPU.usableCores - 1, 63))
    }

    @Test("Cgroup quota: v2 and v1 hierarchies, nested limits, containers' subtree mounts")
    func cgroupQuota() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nabla-cgroup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        func limit() -> Int? { CPU.cgroupQuotaCores(root: root.path) }

        #expect(limit() == nil) // nothing to read
        // cgroup v2: the tightest limit from the process's cgroup up to the root counts, rounded up.
        try write("proc/self/cgroup", "0::/app.slice/job\n")
        try write("proc/self/mountinfo", """
            22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
            30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev - cgroup2 cgroup2 rw,nsdelegate

            """)
        try write("sys/fs/cgroup/cpu.max", "max 100000\n")
        try write("sys/fs/cgroup/app.slice/job/cpu.max", "max 100000\n")
        #expect(limit() == nil)
        try write("sys/fs/cgroup/app.slice/cpu.max", "250000 100000\n")
        #expect(limit() == 3)
        try write("sys/fs/cgroup/app.slice/job/cpu.max", "150000 100000\n")
        #expect(limit() == 2)
        try write("sys/fs/cgroup/app.slice/job/cpu.max", "20000 100000\n")
        #expect(limit() == 1)

        // A container that mounts only its own subtree: its cgroup's directory is the mount point.
        try write("proc/self/mountinfo", "30 22 0:26 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
        try write("proc/self/cgroup", "0::/docker/abc\n")
        #expect(limit() == nil)
        try write("sys/fs/cgroup/cpu.max", "400000 100000\n")
        #expect(limit() == 4)
        // A cgroup outside the mounted subtree (another namespace's view): only the mount point is read.
        try write("proc/self/cgroup", "0::/../../elsewhere\n")
        #expect(limit() == 4)

        // cgroup v1 next to an unlimited v2 hierarchy: the cpu controller's CFS quota counts.
        try write("sys/fs/cgroup/cpu.max", "max 100000\n")
        try write("proc/self/cgroup", "5:memory:/user/job\n4:cpu,cpuacct:/user/job\n0::/\n")
        try write("proc/self/mountinfo", """
            30 22 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
            32 22 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            33 22 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct

            """)
        try write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n")
        try write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n")
        try write("sys/fs/cgroup/cpu,cpuacct/user/job/cpu.cfs_quota_us", "-1\n")
        try write("sys/fs/cgroup/cpu,cpuacct/user/job/cpu.cfs_period_us", "100000\n")
        #expect(limit() == nil)
        try write("sys/fs/cgroup/cpu,cpuacct/user/cpu.cfs_quota_us", "600000\n")
        try write("sys/fs/cgroup/cpu,cpuacct/user/cpu.cfs_period_us", "200000\n")
        #expect(limit() == 3)

        // This process: the usable cores never exceed a quota it has.
        if let quota = CPU.cgroupQuotaCores() {
            #expect(CPU.usableCores <= quota)
        }
    }

    @Test("Resizing: more workers than cores, none, and back to the default")
    func resize() {
        defer { ThreadPool.setWorkerCount(nil) }
        #expect(ThreadPool.setWorkerCount(16) == 16)
        #expect(ThreadPool.workerCount == 16)
        #expect(ThreadPool.check(jobs: 1000, taskCounts: [16, 3]) == ThreadPool.CheckResult())
        #expect(ThreadPool.setWorkerCount(0) == 0)
        #expect(ThreadPool.check(jobs: 100, taskCounts: [5]) == ThreadPool.CheckResult())
        #expect(ThreadPool.setWorkerCount(3) == 3)
        #expect(ThreadPool.setWorkerCount(1000) == 63)
        #expect(ThreadPool.setWorkerCount(nil) == min(CPU.usableCores - 1, 63))
    }

    /// Jobs of different sizes back to back, with more workers than cores so that workers are
    /// preempted at every point of the protocol: a worker still holding the last job's ticket
    /// must never run (or count) a task of the next one. The pool is resized between 8 and 16
    /// workers every 20 000 jobs, as freshly started workers provoke the most preemptions. Runs
    /// for two seconds, or until the first anomaly: before the ticket was closed at the end of
    /// each job, every run on 2 cores found one, most within 0.1 s and all within 0.7 s.
    @Test("Stress: every task runs exactly once, with its own job's context, before the call returns")
    func stress() {
        defer { ThreadPool.setWorkerCount(nil) }
        let clock = ContinuousClock()
        let start = clock.now
        var total = ThreadPool.CheckResult(), jobs = 0
        repeat {
            let workers = jobs % 40_000 == 0 ? 8 : 16
            #expect(ThreadPool.setWorkerCount(workers) == workers)
            let result = ThreadPool.check(jobs: 20_000, taskCounts: [2, 3, 2, 8])
            total.earlyReturns += result.earlyReturns
            total.repeatedTasks += result.repeatedTasks
            total.foreignCalls += result.foreignCalls
            jobs += 20_000
        } while total == ThreadPool.CheckResult() && clock.now - start < .seconds(2)
        #expect(total == ThreadPool.CheckResult(), "\(total) in \(jobs) jobs, \(clock.now - start)")
    }

    @Test("GEMM with more workers than cores matches the single-threaded result")
    func gemmWithManyWorkers() {
        defer { ThreadPool.setWorkerCount(nil) }
        #expect(ThreadPool.setWorkerCount(8) == 8)
        // Enough work for 9 slabs of the per-thread minimum: the caller and 8 workers.
        let (m, n, k) = (256, 576, 256)
        #expect(m * n * k >= 9 * GEMM.minimumWorkPerThread)
        var generator = RandomGenerator(seed: 11)
        let a = (0..<(m * k)).map { _ in Float(generator.nextUniform() * 2 - 1) }
        let b = (0..<(k * n)).map { _ in Float(generator.nextUniform() * 2 - 1) }
        var serial = [Float](repeating: 0, count: m * n), parallel = serial
        GEMM.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n,
                      c: &serial, ldc: n, threads: 1)
        for _ in 0..<64 {
            let (i, j) = (generator.nextInt(below: m), generator.nextInt(below: n))
            let terms = (0..<k).map { Double(a[i * k + $0]) * Double(b[$0 * n + j]) }
            let bound = 2 * Double(Float.ulpOfOne) * Double(k) * terms.reduce(0) { $0 + abs($1) }
            #expect(abs(Double(serial[i * n + j]) - terms.reduce(0, +)) <= bound, "C[\(i)][\(j)]")
        }
        for _ in 0..<3 {
            GEMM.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n,
                          c: &parallel, ldc: n, threads: 9)
            #expect(parallel == serial)
        }
    }

    /// Tasks of a parallel job know they are inside one (so that GEMM keeps its product whole there),
    /// on the workers and on the calling thread alike; outside a job, and in a job run inline, nothing is.
    @Test("Inside a task: set while a job's tasks run, on every thread")
    func insideATask() {
        defer { ThreadPool.setWorkerCount(nil) }
        #expect(ThreadPool.setWorkerCount(3) == 3)
        #expect(nabla_parallel_in_task() == 0)
        let flags = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
        defer { flags.deallocate() }
        ParallelLoop.run(count: 64, workPerIteration: ParallelLoop.minimumParallelWork) { flags[$0] = nabla_parallel_in_task() }
        #expect((0..<64).allSatisfy { flags[$0] == 1 })
        #expect(nabla_parallel_in_task() == 0)
        #expect(ThreadPool.setWorkerCount(0) == 0)
        ParallelLoop.run(count: 64, workPerIteration: ParallelLoop.minimumParallelWork) { flags[$0] = nabla_parallel_in_task() }
        #expect((0..<64).allSatisfy { flags[$0] == 0 })
    }

    /// `ParallelLoop.run` hands the pool runs of consecutive iterations: with more workers than cores and
    /// counts that the runs do not divide evenly, every iteration still runs exactly once, and the
    /// iterations of each run in order on one thread.
    @Test("Parallel loops: every iteration once, in runs of consecutive iterations", arguments: [2, 9, 40, 1001])
    func parallelLoopRuns(count: Int) {
        defer { ThreadPool.setWorkerCount(nil) }
        #expect(ThreadPool.setWorkerCount(5) == 5)
        let runs = UnsafeMutablePointer<Int>.allocate(capacity: count), threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: count)
        defer {
            runs.deallocate()
            threads.deallocate()
        }
        runs.initialize(repeating: 0, count: count)
        ParallelLoop.run(count: count, workPerIteration: ParallelLoop.minimumParallelWork) { index in
            runs[index] += 1
            threads[index] = pthread_self()
        }
        #expect((0..<count).allSatisfy { runs[$0] == 1 })
        // At most tasksPerThread · 6 runs, so at most that many places where the thread changes.
        let switches = (1..<max(count, 1)).filter { pthread_equal(threads[$0], threads[$0 - 1]) == 0 }.count
        #expect(switches < min(count, ParallelLoop.tasksPerThread * 6))
    }

    /// A convolution large enough to be cut into chunks of samples, with five workers on however many
    /// cores: the output matches the direct convolution, and the gradients those of the same convolution
    /// run as one chunk on the calling thread (no workers).
    @Test("Convolution in chunks of samples with more workers than cores", arguments: [1, 2])
    func convolutionWithManyWorkers(groups: Int) throws {
        defer { ThreadPool.setWorkerCount(nil) }
        let x = uniform([17, 16, 16, 16], seed: 50), w = uniform([16, 16 / groups, 3, 3], seed: 51), b = uniform([16], seed: 52)
        let weighting = uniform([17, 16, 16, 16], seed: 53)
        func run() throws -> (output: Tensor, gradients: [Tensor]) {
            let (images, weight, bias) = (x.requiringGrad(), w.requiringGrad(), b.requiringGrad())
            let y = images.convolution2d(weight: weight, bias: bias, padding: 1, groups: groups)
            try (y * weighting).sum().backward()
            return (y, try [images, weight, bias].map { try #require($0.grad) })
        }
        #expect(ThreadPool.setWorkerCount(5) == 5)
        let layout = ConvolutionKernels.Layout(
            geometry: WindowGeometry(batch: 17, channels: 16, height: 16, width: 16, kernelHeight: 3, kernelWidth: 3, strideHeight: 1,
                                     strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1, outputHeight: 16,
                                     outputWidth: 16),
            outChannels: 16, groups: groups)
        #expect(layout.chunkCount > 6, "\(layout.chunkCount) chunks")
        let threaded = try run()
        let expected = ConvolutionTests.direct(x, w, b, stride: 1, pads: [1, 1, 1, 1], dilation: 1, groups: groups)
        expectValues(threaded.output, expected.values, shape: expected.shape, tolerance: 1e-12)
        #expect(ThreadPool.setWorkerCount(0) == 0)
        let serial = try run()
        for (chunked, whole) in zip(threaded.gradients, serial.gradients) {
            expectValues(chunked, whole.scalars(as: Double.self), shape: whole.shape, tolerance: 1e-12)
        }
    }
}
