// swift-tools-version: 6.0
import Foundation
import PackageDescription

// MPI for data-parallel training (`nabla train --distributed`, the NablaDistributed library) is
// optional: the core library and the `nabla` command build and run without it. The manifest asks
// pkg-config for Open MPI (`ompi`, Debian's libopenmpi-dev) or MPICH (`mpich`); only when one is
// found does it add the CMPI and NablaDistributed targets and compile the CLI with NABLA_MPI.
// Without MPI, the manifest prints one warning saying how to get it (SwiftPM shows what a manifest
// prints when it evaluates it), and `--distributed` fails with the same advice. (A library loaded at run time with dlopen would hide MPI's headers and
// version from the build; pkg-config keeps the compiler checking every MPI call.)
// NABLA_MPI=0 in the environment builds without MPI even where it is installed.
func pkgConfigHas(_ name: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["pkg-config", "--exists", name]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}
let mpiPackage: String? = ProcessInfo.processInfo.environment["NABLA_MPI"] == "0" ? nil : ["ompi", "mpich"].first(where: pkgConfigHas)
if mpiPackage == nil {
    print("Nabla is built without MPI (NABLA_MPI=0 is set, or pkg-config finds neither ompi nor mpich): `nabla train --distributed` is disabled. "
          + "For it, install Open MPI (apt-get install libopenmpi-dev openmpi-bin) or MPICH if needed and rebuild without NABLA_MPI=0.")
}


let package = Package(
    name: "Nabla",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Nabla", targets: ["Nabla"]),
        .library(name: "NablaRL", targets: ["NablaRL"]),
        // The notes' worked examples as a library, so that the documentation's snippets can use them
        // (SwiftPM links snippets against library products only).
        .library(name: "NablaExamples", targets: ["NablaExamples"]),
        .executable(name: "nabla", targets: ["NablaCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation`: the DocC catalog in Sources/Nabla/Nabla.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Storage-level compute kernels in C: GEMM micro-kernels and vector math, compiled per
        // function for AVX2/FMA and AVX-512 with run-time CPU detection (no unsafe flags needed).
        .target(name: "CNablaKernels"),
        // The system zlib, for reading gzip-compressed data sets (MNIST's .gz files).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The system libpng, for reading PNG images (`ImageFile.read`, used by `nabla predict`).
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        // The system libjpeg (libjpeg-turbo), for reading and writing JPEG images (`ImageFile.readRGB`, `nabla style`).
        .systemLibrary(name: "CLibJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"]), .brew(["jpeg-turbo"])]),
        .target(
            name: "Nabla",
            dependencies: ["CNablaKernels", "CZlib", "CLibPNG", "CLibJPEG"],
            // Documentation kept next to the code it describes.
            exclude: ["Backend/README.md"],
            // A small sample of Fashion-MNIST, the fallback when the full data cannot be found or fetched;
            // German text for `nabla textgen` without fortunes-de; the Mauna Loa CO2 series for `nabla timeseries`.
            resources: [.copy("Resources/fashion-mnist-sample"), .copy("Resources/german-text-sample"), .copy("Resources/mauna-loa-co2")]
        ),
        // The notes' worked examples (perceptrons, XOR, the single neuron, regression), shared by the
        // CLI's `nabla example` and their tests.
        .target(name: "NablaExamples", dependencies: ["Nabla"]),
        // Reinforcement learning from the notes' §5: finite MDPs, the 4×3 grid world, value and policy
        // iteration, tabular Q-learning (plain Swift), and deep Q-learning on environments written in
        // Swift (CartPole, the grid world) with Nabla's networks.
        .target(name: "NablaRL", dependencies: ["Nabla"]),
        .executableTarget(
            name: "NablaCLI",
            dependencies: ["Nabla", "NablaExamples", "NablaRL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
                + (mpiPackage == nil ? [] : ["NablaDistributed"]),
            swiftSettings: mpiPackage == nil ? [] : [.define("NABLA_MPI")]
        ),
        .testTarget(name: "NablaTests", dependencies: ["Nabla"]),
        .testTarget(name: "NablaExamplesTests", dependencies: ["NablaExamples", "Nabla"]),
        .testTarget(name: "NablaRLTests", dependencies: ["NablaRL", "Nabla"]),
        // Runs the built `nabla` command as a user would: flags, files, messages and exit codes.
        .testTarget(name: "NablaCLITests", dependencies: ["NablaCLI", "Nabla"]),
    ],
    swiftLanguageModes: [.v6]
)

if let mpiPackage {
    package.products.append(.library(name: "NablaDistributed", targets: ["NablaDistributed"]))
    package.targets += [
        // The system MPI library (Open MPI or MPICH), with C accessors for the handles mpi.h defines as macros.
        .systemLibrary(name: "CMPI", pkgConfig: mpiPackage, providers: [.apt(["libopenmpi-dev", "openmpi-bin"]), .brew(["open-mpi"])]),
        // Data-parallel training over MPI: the communicator, gradient all-reduce in buckets, metrics
        // reduced across processes.
        .target(name: "NablaDistributed", dependencies: ["Nabla", "CMPI"]),
        // Runs real MPI jobs (`mpirun -np 2 nabla train --distributed`, and of DataParallelProbe); each
        // test skips, saying why, where mpirun is missing.
        .testTarget(name: "NablaDistributedTests", dependencies: ["NablaDistributed", "Nabla"]),
        // The test program those tests start under mpirun for what `nabla train` cannot show: a small
        // model with a branch that only some samples use, trained data-parallel through the library.
        .executableTarget(name: "DataParallelProbe", dependencies: ["NablaDistributed", "Nabla"], path: "Tests/DataParallelProbe"),
    ]
}
