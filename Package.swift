// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Nabla",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Nabla", targets: ["Nabla"]),
        .library(name: "NablaRL", targets: ["NablaRL"]),
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
        ),
        .testTarget(name: "NablaTests", dependencies: ["Nabla"]),
        .testTarget(name: "NablaExamplesTests", dependencies: ["NablaExamples", "Nabla"]),
        .testTarget(name: "NablaRLTests", dependencies: ["NablaRL", "Nabla"]),
        // Runs the built `nabla` command as a user would: flags, files, messages and exit codes.
        .testTarget(name: "NablaCLITests", dependencies: ["NablaCLI", "Nabla"]),
    ],
    swiftLanguageModes: [.v6]
)
