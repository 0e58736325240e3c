import Foundation

/// The two data sets of 28 × 28 grey images in ten classes that share MNIST's file format.
public enum MNISTVariant: String, Sendable, CaseIterable {
    /// Handwritten digits 0–9 (LeCun, Cortes and Burges).
    case mnist
    /// Zalando's pictures of clothes, a drop-in replacement for the digits that is harder to learn
    /// (Xiao, Rasul and Vollgraf, 2017).
    case fashionMNIST

    /// The name used for its directories: `"mnist"` or `"fashion-mnist"`.
    public var directoryName: String {
        switch self {
        case .mnist: "mnist"
        case .fashionMNIST: "fashion-mnist"
        }
    }

    /// The name to show people: `"MNIST"` or `"Fashion-MNIST"`.
    public var displayName: String {
        switch self {
        case .mnist: "MNIST"
        case .fashionMNIST: "Fashion-MNIST"
        }
    }

    /// Whether an image mirrored left to right still shows its class, so that horizontal flips are a
    /// sensible augmentation: yes for Fashion-MNIST's garments, shoes and bags, no for digits (a mirrored
    /// 3 is no digit, a mirrored 2 is close to a 5).
    public var keepsClassWhenMirrored: Bool { self == .fashionMNIST }

    /// The names of the ten classes, indexed by label.
    public var classNames: [String] {
        switch self {
        case .mnist:
            (0...9).map(String.init)
        case .fashionMNIST:
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        }
    }

    /// The official download location. MNIST's is PyTorch's mirror of yann.lecun.com/exdb/mnist/,
    /// which no longer serves the files reliably.
    public var downloadBaseURL: URL {
        switch self {
        case .mnist: URL(string: "https://ossci-datasets.s3.amazonaws.com/mnist/")!
        case .fashionMNIST: URL(string: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")!
        }
    }

    /// The size and CRC-32 of a file's decompressed content, where known.
    ///
    /// Fashion-MNIST's were computed from the files of Debian's `dataset-fashion-mnist` package
    /// (whose content is the upstream release's). MNIST's could not be computed where this was
    /// written, so MNIST downloads are checked only by structure: an IDX file of unsigned bytes with
    /// 60,000 (train) or 10,000 (test) items of the right shape.
    public func checksum(of file: String) -> ContentChecksum? {
        guard self == .fashionMNIST else { return nil }
        switch file {
        case "train-images-idx3-ubyte": return ContentChecksum(byteCount: 47_040_016, crc32: 0xB4F2_9F28)
        case "train-labels-idx1-ubyte": return ContentChecksum(byteCount: 60_008, crc32: 0x741A_4657)
        case "t10k-images-idx3-ubyte": return ContentChecksum(byteCount: 7_840_016, crc32: 0x678F_E0B1)
        case "t10k-labels-idx1-ubyte": return ContentChecksum(byteCount: 10_008, crc32: 0x8014_2C1F)
        default: return nil
        }
    }
}

/// Which part of a data set: the training images or the held-out test images.
public enum MNISTSplit: String, Sendable, CaseIterable {
    /// The 60,000 training images.
    case train
    /// The 10,000 test images.
    case test

    /// The prefix of the split's file names: `"train"` or `"t10k"`.
    public var filePrefix: String { self == .train ? "train" : "t10k" }
    /// The names of the images and labels files, without `.gz`.
    public var fileNames: (images: String, labels: String) {
        ("\(filePrefix)-images-idx3-ubyte", "\(filePrefix)-labels-idx1-ubyte")
    }
    /// The number of images in the full split: 60,000 or 10,000.
    public var fullCount: Int { self == .train ? 60_000 : 10_000 }
}

/// Where loaded MNIST data came from.
public enum MNISTSource: Sendable, Equatable {
    /// Files in this directory (found, or downloaded into it).
    case directory(URL)
    /// The small sample of Fashion-MNIST bundled with Nabla.
    case bundledSample

    /// The directory the files were read from; `nil` for the bundled sample.
    public var directory: URL? {
        if case .directory(let url) = self { url } else { nil }
    }
}

/// One split of MNIST or Fashion-MNIST in memory: images `[N, 28, 28]` with pixels in [0, 1], and
/// labels `[N]` holding the class numbers 0–9 (`int64`).
///
/// It is a `Dataset` whose samples are `(image [28, 28], label [])`.
public struct MNISTData: Dataset, Sendable {
    /// The images and labels as a dataset.
    public let dataset: TensorDataset
    /// Which data set these are (Fashion-MNIST for the bundled sample).
    public let variant: MNISTVariant
    /// Training or test images.
    public let split: MNISTSplit
    /// Where the files came from.
    public let source: MNISTSource

    /// The images, `[N, 28, 28]`, pixels in [0, 1] (0 is the background).
    public var images: Tensor { dataset.inputs }
    /// The labels, `[N]`, `int64` class numbers 0–9.
    public var labels: Tensor { dataset.targets }
    /// The names of the classes, indexed by label.
    public var classNames: [String] { variant.classNames }
    /// Whether this is Nabla's bundled sample rather than the full split.
    public var isSample: Bool { source == .bundledSample }

    /// The number of samples.
    public var count: Int { dataset.count }

    /// The sample at `index`: its input and target.
    public func sample(at index: Int) -> (input: Tensor, target: Tensor) { dataset.sample(at: index) }

    /// The samples at the given positions, stacked along a new first axis.
    public func batch(at indices: [Int]) -> (inputs: Tensor, targets: Tensor) { dataset.batch(at: indices) }
}

/// MNIST or Fashion-MNIST with a malformed file, or not to be had at all.
public struct MNISTError: Error, CustomStringConvertible {
    /// What went wrong, naming the file or the places searched.
    public let message: String

    /// The message, naming what is wrong.
    public var description: String { message }
}

extension MNISTError: LocalizedError {
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
}
