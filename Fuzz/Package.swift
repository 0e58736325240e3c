// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for Nabla's file readers, kept out of the main package so that `swift build` and
// `swift test` never see them. They only link when built with the fuzzer sanitizer, which supplies
// libFuzzer's driver:
//
//     swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address
//
// `Scripts/fuzz.sh` builds and runs them; FUZZING.md records the long runs.
let package = Package(
    name: "NablaFuzz",
    dependencies: [.package(name: "Nabla", path: "..")],
    targets: [
        // libFuzzer's driver function, declared for Swift.
        .target(name: "CLibFuzzer"),
        // What every target shares: starting libFuzzer, the input as a temporary file.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(name: "FuzzSafeTensors", dependencies: ["FuzzSupport", .product(name: "Nabla", package: "Nabla")]),
        .executableTarget(name: "FuzzCheckpoint", dependencies: ["FuzzSupport", .product(name: "Nabla", package: "Nabla")]),
        .executableTarget(name: "FuzzIDX", dependencies: ["FuzzSupport", .product(name: "Nabla", package: "Nabla")]),
        .executableTarget(name: "FuzzImage", dependencies: ["FuzzSupport", .product(name: "Nabla", package: "Nabla")]),
    ],
    swiftLanguageModes: [.v6]
)
