import Foundation
import Testing
@testable import Nabla

/// Loading MNIST and Fashion-MNIST: the search order (with a locator whose environment and
/// directories are all temporary), the bundled sample, malformed files, and the real data when
/// Debian's `dataset-fashion-mnist` is installed.
@Suite struct MNISTTests {
    /// A locator that looks only inside `root`: `NABLA_DATA` = root/env, home = root/home,
    /// system = root/system.
    static func locator(in root: URL, withEnvironment: Bool = true) -> DatasetLocator {
        DatasetLocator(environment: withEnvironment ? ["NABLA_DATA": root.appendingPathComponent("env").path] : [:],
                       homeDirectory: root.appendingPathComponent("home"),
                       systemDirectory: root.appendingPathComponent("system"))
    }

    /// Options that never download, never fall back on the sample, and collect notices.
    static func offline(_ locator: DatasetLocator, notices: TextCollector = TextCollector()) -> MNISTLoadOptions {
        MNISTLoadOptions(locator: locator, allowsDownload: false, allowsSample: false, noticeWriter: notices.writer)
    }

    @Test func searchDirectoriesFollowTheDocumentedOrder() throws {
        let root = URL(fileURLWithPath: "/data-root")
        let explicit = URL(fileURLWithPath: "/mine")
        #expect(Self.locator(in: root).searchDirectories(for: "mnist", explicit: explicit).map(\.path) == [
            "/mine", "/data-root/env/mnist", "/data-root/home/.cache/nabla/mnist", "/data-root/system/mnist",
        ])
        #expect(Self.locator(in: root, withEnvironment: false).searchDirectories(for: "fashion-mnist").map(\.path) == [
            "/data-root/home/.cache/nabla/fashion-mnist", "/data-root/system/fashion-mnist",
        ])
        // HOME from the environment decides the cache when no home directory is given.
        let fromHome = DatasetLocator(environment: ["HOME": "/users/ada"])
        #expect(fromHome.cacheDirectory(for: "mnist").path == "/users/ada/.cache/nabla/mnist")
    }

    @Test func theFirstPlaceHoldingTheFilesWins() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let locator = Self.locator(in: root)
        // A different number of images in each place tells which one was read.
        let places: [(URL, Int)] = [
            (root.appendingPathComponent("env/mnist"), 2),
            (root.appendingPathComponent("home/.cache/nabla/mnist"), 3), (root.appendingPathComponent("system/mnist"), 4),
        ]
        for (index, (directory, count)) in places.enumerated() {
            try writeMNISTSplit(.test, count: count, to: directory, gzipped: index % 2 == 0)
        }
        for (directory, count) in places {
            let data = try MNIST.load(.mnist, split: .test, options: Self.offline(locator))
            #expect(data.count == count)
            #expect(data.source.directory?.path == directory.path)
            removeDirectory(directory)
        }
        expectError(containing: ["MNIST test split", "not found in", "system/mnist"]) {
            _ = try MNIST.load(.mnist, split: .test, options: Self.offline(locator))
        }
    }

    /// An explicit directory is read alone: a mistyped path is an error, not a quiet switch to other data.
    @Test func anExplicitDirectoryIsTheOnlyPlaceLookedAt() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let locator = Self.locator(in: root)
        let explicit = root.appendingPathComponent("explicit")
        try writeMNISTSplit(.test, count: 1, to: explicit)
        try writeMNISTSplit(.test, count: 4, to: root.appendingPathComponent("system/mnist"))
        let data = try MNIST.load(.mnist, split: .test, directory: explicit, options: Self.offline(locator))
        #expect(data.count == 1 && data.source.directory?.path == explicit.path)
        let typo = root.appendingPathComponent("explicti")
        expectError(containing: ["MNIST test split", typo.path, "does not exist"]) {
            _ = try MNIST.load(.mnist, split: .test, directory: typo, options: Self.offline(locator))
        }
        let file = explicit.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        expectError(containing: ["MNIST test split", file.path, "is a file", "t10k-images-idx3-ubyte[.gz]"]) {
            _ = try MNIST.load(.mnist, split: .test, directory: file, options: Self.offline(locator))
        }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        expectError(containing: ["MNIST test split", empty.path, "does not hold", "t10k-images-idx3-ubyte[.gz]"]) {
            _ = try MNIST.load(.mnist, split: .test, directory: empty, options: Self.offline(locator))
        }
    }

    @Test func aPlaceMissingOneOfTheSplitsFilesIsSkipped() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let env = root.appendingPathComponent("env/fashion-mnist"), system = root.appendingPathComponent("system/fashion-mnist")
        try writeMNISTSplit(.train, count: 2, to: env)
        try FileManager.default.removeItem(at: env.appendingPathComponent("train-labels-idx1-ubyte.gz"))
        try writeMNISTSplit(.train, count: 5, to: system)
        let data = try MNIST.load(.fashionMNIST, split: .train, options: Self.offline(Self.locator(in: root)))
        #expect(data.count == 5 && data.source.directory?.path == system.path)
        #expect(data.classNames[9] == "Ankle boot" && data.variant == .fashionMNIST && !data.isSample)
    }

    @Test func imagesAndLabelsAreScaledAndWhole() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try writeMNISTSplit(.train, count: 12, to: root, gzipped: false)
        let data = try MNIST.load(.mnist, split: .train, directory: root, options: Self.offline(Self.locator(in: root)))
        #expect(data.images.shape == [12, 28, 28] && data.labels.shape == [12] && data.images.dtype == .float32)
        #expect(data.images.scalar(at: [2, 1, 4]) == Double(Float(2 + 3 + 20) / 255))
        #expect(data.labels.dtype == .int64 && data.labels.scalars(as: Int.self) == (0..<12).map { $0 % 10 })
        #expect(data.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        let (image, label) = data.sample(at: 11)
        #expect(image.shape == [28, 28] && label.item == 1)
        #expect(data.batch(at: [0, 3]).inputs.shape == [2, 28, 28])
    }

    @Test func theBundledSampleLoadsAndSaysItIsASample() throws {
        let train = try MNIST.loadSample(split: .train), test = try MNIST.loadSample(split: .test)
        #expect(train.count == 3000 && test.count == 1000)
        #expect(train.isSample && train.source == .bundledSample && train.variant == .fashionMNIST)
        #expect(train.images.shape == [3000, 28, 28] && test.labels.shape == [1000])
        // The sample is the start of the real data: the first training image is an ankle boot.
        #expect(train.labels[0].item == 9 && train.classNames[9] == "Ankle boot")
        #expect(train.images.scalar(at: [0, 14, 12]) == Double(Float(237) / 255))
        #expect(test.labels[0].item == 9 && test.labels[1].item == 2)
        let labels = Set(train.labels.scalars(as: Int.self))
        #expect(labels == Set(0...9))
        #expect(train.images.scalars.allSatisfy { (0...1).contains($0) })
    }

    @Test func whenNothingIsFoundTheSampleIsUsedWithANotice() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let notices = TextCollector()
        var options = Self.offline(Self.locator(in: root), notices: notices)
        options.allowsSample = true
        let data = try MNIST.load(.fashionMNIST, split: .test, options: options)
        #expect(data.isSample && data.count == 1000)
        let notice = notices.text
        #expect(notice.contains("sample of 1000") && notice.contains("apt-get install dataset-fashion-mnist"))
        #expect(notice.contains("NABLA_DATA") && notice.hasSuffix("\n") && notice.dropLast().contains("\n") == false)
        // Asked for the digits, the sample is still Fashion-MNIST, and the notice says so.
        let digits = try MNIST.load(.mnist, split: .test, options: options)
        #expect(digits.variant == .fashionMNIST && notices.text.contains("instead of MNIST"))
    }

    @Test func aTruncatedFileIsOneErrorNamingIt() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        try writeMNISTSplit(.train, count: 4, to: root)
        let images = root.appendingPathComponent("train-images-idx3-ubyte.gz")
        try Data(contentsOf: images).prefix(200).write(to: images)
        var options = Self.offline(Self.locator(in: root))
        options.allowsSample = true   // a broken file found is an error, not a reason to use the sample
        expectError(containing: ["train-images-idx3-ubyte.gz", "truncated"]) {
            _ = try MNIST.load(.mnist, split: .train, directory: root, options: options)
        }
        // Plain, the same file cut short is caught by the IDX reader.
        try mnistImages(count: 4).prefix(1000).write(to: root.appendingPathComponent("train-images-idx3-ubyte"))
        expectError(containing: ["train-images-idx3-ubyte", "shorter than declared"]) {
            _ = try MNIST.load(.mnist, split: .train, directory: root, options: options)
        }
    }

    @Test func filesThatDoNotFitTogetherAreErrorsNamingTheFile() throws {
        let root = try makeTemporaryDirectory()
        defer { removeDirectory(root) }
        let names = MNISTSplit.test.fileNames
        func load() throws { _ = try MNIST.load(.mnist, split: .test, directory: root, options: Self.offline(Self.locator(in: root))) }
        try writeMNISTSplit(.test, count: 3, to: root, gzipped: false)
        try idxBytes(type: 0x08, shape: [3, 27, 27], payload: .init(repeating: 0, count: 3 * 729))
            .write(to: root.appendingPathComponent(names.images))
        expectError(containing: [names.images, "[3, 27, 27]", "expected unsigned-byte [N, 28, 28] images"], load)
        try mnistImages(count: 3).write(to: root.appendingPathComponent(names.images))
        try mnistLabels(count: 2).write(to: root.appendingPathComponent(names.labels))
        expectError(containing: [names.labels, "2 labels for 3 images"], load)
        try idxBytes(type: 0x08, shape: [3], payload: [1, 10, 2]).write(to: root.appendingPathComponent(names.labels))
        expectError(containing: [names.labels, "label 10 at index 1"], load)
        try idxBytes(type: 0x0C, shape: [3], payload: .init(repeating: 0, count: 12)).write(to: root.appendingPathComponent(names.labels))
        expectError(containing: [names.labels, "int32"], load)
    }

    // MARK: The real Fashion-MNIST (Debian's dataset-fashion-mnist), when installed

    @Test(.enabled(if: hasDebianFashionMNIST, "needs apt-get install dataset-fashion-mnist"))
    func theRealFashionMNIST() throws {
        let options = Self.offline(DatasetLocator(environment: [:], homeDirectory: URL(fileURLWithPath: "/nonexistent"),
                                                  systemDirectory: debianFashionMNIST.deletingLastPathComponent()))
        let train = try MNIST.load(.fashionMNIST, split: .train, options: options)
        #expect(train.source.directory?.path == debianFashionMNIST.path && !train.isSample)
        #expect(train.images.shape == [60000, 28, 28] && train.labels.shape == [60000])
        #expect(train.labels[0].item == 9 && train.labels[59999].item == 5)
        #expect(train.images.scalar(at: [0, 14, 12]) == Double(Float(237) / 255))
        #expect(train.images.scalar(at: [0, 3, 16]) == Double(Float(73) / 255))
        let counts = train.labels.scalars(as: Int.self).reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        #expect(counts == Dictionary(uniqueKeysWithValues: (0...9).map { ($0, 6000) }))   // balanced classes

        let test = try MNIST.load(.fashionMNIST, split: .test, options: options)
        #expect(test.count == 10000 && test.images.shape == [10000, 28, 28])
        #expect(test.labels.dtype == .int64 && test.labels.scalars(as: Int.self).allSatisfy { (0...9).contains($0) })
        #expect(test.labels[0].item == 9 && test.labels[1].item == 2)
    }

    @Test(.enabled(if: hasDebianFashionMNIST, "needs apt-get install dataset-fashion-mnist"))
    func theRealFilesMatchTheChecksumsUsedForDownloads() throws {
        for split in MNISTSplit.allCases {
            for name in [split.fileNames.images, split.fileNames.labels] {
                let content = try Gzip.contents(of: debianFashionMNIST.appendingPathComponent(name + ".gz"))
                #expect(ContentChecksum(of: content) == MNISTVariant.fashionMNIST.checksum(of: name), "\(name)")
            }
        }
    }

    @Test func onlyFashionMNISTKeepsItsClassesWhenMirrored() {
        // Flips are a sensible augmentation for garments, not for digits (`nabla train --augment`).
        #expect(MNISTVariant.fashionMNIST.keepsClassWhenMirrored)
        #expect(!MNISTVariant.mnist.keepsClassWhenMirrored)
    }
}
