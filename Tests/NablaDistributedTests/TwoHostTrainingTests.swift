import Foundation
import Testing
import Nabla

/// Two ranks on two "hosts": network namespaces made by the test, joined by a veth pair with addresses
/// the test assigns, and Open MPI's TCP transport between them. mpirun runs in the first namespace and
/// starts the second rank through a launch agent (in place of ssh) that enters the second namespace.
/// Needs root and iproute2's `ip netns`; skips, saying why, without them.
@Suite(.serialized) struct TwoHostTrainingTests {
    /// A pair of namespaces and the veth pair between them, removed again by `remove()`.
    struct Network {
        let namespaces: [String]
        let addresses = ["10.231.7.1", "10.231.7.2"]
        let subnet = "10.231.7.0/24"
        let interfaces: [String]

        init() throws {
            let tag = String(ProcessInfo.processInfo.processIdentifier % 100_000)
            namespaces = ["nabla-a\(tag)", "nabla-b\(tag)"]
            interfaces = ["nva\(tag)", "nvb\(tag)"]
            for namespace in namespaces { try Self.ip(["netns", "add", namespace]) }
            try Self.ip(["link", "add", interfaces[0], "type", "veth", "peer", "name", interfaces[1]])
            for index in 0..<2 {
                try Self.ip(["link", "set", interfaces[index], "netns", namespaces[index]])
                try Self.ip(["-n", namespaces[index], "addr", "add", addresses[index] + "/24", "dev", interfaces[index]])
                try Self.ip(["-n", namespaces[index], "link", "set", interfaces[index], "up"])
                try Self.ip(["-n", namespaces[index], "link", "set", "lo", "up"])
            }
        }

        /// Deletes the namespaces (and with them the veth pair).
        func remove() {
            for namespace in namespaces { _ = try? Self.ip(["netns", "delete", namespace]) }
        }

        /// The bytes sent out of the first namespace's end of the veth pair.
        func bytesSent() throws -> Int {
            let statistics = try Self.ip(["-n", namespaces[0], "-s", "-j", "link", "show", interfaces[0]])
            let parsed = try JSONSerialization.jsonObject(with: Data(statistics.utf8)) as? [[String: Any]]
            let counters = (parsed?.first?["stats64"] as? [String: Any])?["tx"] as? [String: Any]
            return counters?["bytes"] as? Int ?? 0
        }

        /// The launch agent: called by mpirun as `agent <host> <command>`, it runs the command in the
        /// namespace of the host's address, and notes the call in `log`.
        func writeAgent(to url: URL, log: URL) throws {
            let cases = zip(addresses, namespaces).map { "  \($0)) namespace=\($1) ;;" }.joined(separator: "\n")
            let script = """
            #!/bin/sh
            host="$1"; shift
            case "$host" in
            \(cases)
              *) echo "agent: unknown host $host" >&2; exit 1 ;;
            esac
            echo "$host $namespace" >> '\(log.path)'
            exec ip netns exec "$namespace" /bin/sh -c "$*"

            """
            try script.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }

        /// Runs `ip arguments...`; throws with its message when it fails.
        @discardableResult
        static func ip(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["ip"] + arguments
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw MPIJob.Failure(description: "ip \(arguments.joined(separator: " ")): \(problem)") }
            return text
        }
    }

    /// Why namespaces cannot be made here, or nil.
    static var unavailable: String? {
        if let reason = MPIJob.unavailable { return reason }
        if getuid() != 0 { return "not root: network namespaces need root; two-host test skipped" }
        if (try? Network.ip(["netns", "list"])) == nil { return "`ip netns` is not available (install iproute2); two-host test skipped" }
        return nil
    }

    @Test func twoRanksOnTwoHostsTrainOverTCP() throws {
        if let reason = Self.unavailable {
            print("twoRanksOnTwoHostsTrainOverTCP: \(reason)")
            return
        }
        let network = try Network()
        defer { network.remove() }
        let directory = try MPIJob.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (agent, log, hostfile) = (directory.appendingPathComponent("agent.sh"), directory.appendingPathComponent("agent.log"),
                                      directory.appendingPathComponent("hosts"))
        try network.writeAgent(to: agent, log: log)
        try network.addresses.map { "\($0) slots=1\n" }.joined().write(to: hostfile, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("run")
        let result = try MPIJob.run(
            processes: 2, DataParallelTrainingTests.quick(output, limit: 256, batchSize: 64) + ["--distributed"],
            mpiArguments: ["--hostfile", hostfile.path, "--mca", "plm_rsh_agent", agent.path, "--mca", "btl", "tcp,self",
                           "--mca", "btl_tcp_if_include", network.subnet, "--mca", "oob_tcp_if_include", network.subnet],
            launcher: ["/usr/bin/env", "ip", "netns", "exec", network.namespaces[0]])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.output.contains("2 ranks hold identical parameters"), "\(result.output)")
        let launches = try String(contentsOf: log, encoding: .utf8)
        #expect(launches.contains("\(network.addresses[1]) \(network.namespaces[1])"), "the second rank was not started in the second namespace: \(launches)")
        // 4 steps of 0.94 MB of gradients each went through the veth pair.
        let sent = try network.bytesSent()
        #expect(sent > 4 * 940_000, "only \(sent) bytes left the first namespace")
    }
}
