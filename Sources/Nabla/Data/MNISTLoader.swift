import Foundation

/// How `MNIST.load` may look for data beyond the directories on disk.
public struct MNISTLoadOptions: Sendable {
    /// Where to search and where downloads are cached.
    public var locator: DatasetLocator
    /// Whether to download the files when no directory holds them.
    public var allowsDownload: Bool
    /// Where to download from; `nil` for the variant's official location.
    public var downloadBaseURL: URL?
    /// Whether to show a progress line on standard error while downloading.
    public var showsProgress: Bool
    /// Whether to fall back on the bundled Fashion-MNIST sample when all else fails.
    public var allowsSample: Bool
    /// Where download progress and the one-line notices (the sample is used, …) go; standard error
    /// by default.
    public var noticeWriter: DownloadProgress.Writer

    /// The defaults: search the standard places, then download with progress, then use the sample.
    public init(locator: DatasetLocator = DatasetLocator(), allowsDownload: Bool = true,
                downloadBaseURL: URL? = nil, showsProgress: Bool = true, allowsSample: Bool = true,
                noticeWriter: @escaping DownloadProgress.Writer = DownloadProgress.standardError) {
        self.locator = locator
        self.allowsDownload = allowsDownload
        self.downloadBaseURL = downloadBaseURL
        self.showsProgress = showsProgress
        self.allowsSample = allowsSample
        self.noticeWriter = noticeWriter
    }
}

/// Loading MNIST and Fashion-MNIST, from wherever they can be found.
///
/// ```swift
/// let train = try MNIST.load(.fashionMNIST, split: .train)
/// print(train.images.shape, train.classNames[Int(train.labels[0].item)])   // [60000, 28, 28] Ankle boot
/// ```
///
/// Given a `directory`, `load` reads the files there and nowhere else (a missing file is an error).
/// Otherwise it tries, in order: `$NABLA_DATA/<name>`, `~/.cache/nabla/<name>`,
/// `/usr/share/datasets/<name>` (`name` is `mnist` or `fashion-mnist`; each place must hold the
/// split's two files, plain or `.gz`); then a download from the official location into
/// `~/.cache/nabla/<name>`, verified before it is kept; and finally, offline, the small sample of
/// Fashion-MNIST bundled with Nabla, with a notice on standard error (asked for `.mnist`, the
/// sample is still Fashion-MNIST: same shapes, other classes; its `variant` and the notice say so).
/// A file that is found but malformed is an error, never silently skipped.
///
/// To get the full Fashion-MNIST without a download on Debian or Ubuntu:
/// `apt-get install dataset-fashion-mnist`.
public enum MNIST {
    /// The number of rows and columns of every image.
    public static let imageSize = 28

    /// Loads one split of `variant`, searching, downloading or falling back as described above.
    ///
    /// - Throws: `MNISTError`, `IDXError` or `GzipError` naming the file when a file is malformed;
    ///   `MNISTError` listing the places searched when nothing can be had (with
    ///   `allowsSample` false).
    public static func load(_ variant: MNISTVariant = .mnist, split: MNISTSplit = .train, directory: URL? = nil,
                            options: MNISTLoadOptions = MNISTLoadOptions()) throws -> MNISTData {
        let names = split.fileNames
        let locator = options.locator
        // An explicit directory is the only place looked at: a mistyped path must not quietly train on
        // whatever data happens to be found elsewhere.
        if let directory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) else {
                throw MNISTError(message: "\(variant.displayName) \(split.rawValue) split: the folder \(directory.path) does not exist")
            }
            guard isFolder.boolValue else {
                throw MNISTError(message: "\(variant.displayName) \(split.rawValue) split: \(directory.path) is a file; "
                    + "give the folder that holds \(names.images)[.gz] and \(names.labels)[.gz]")
            }
            guard let images = DatasetLocator.file(named: names.images, in: directory),
                  let labels = DatasetLocator.file(named: names.labels, in: directory) else {
                throw MNISTError(message: "\(variant.displayName) \(split.rawValue) split: \(directory.path) does not hold "
                    + "\(names.images)[.gz] and \(names.labels)[.gz]")
            }
            return try read(images: images, labels: labels, variant: variant, split: split, source: .directory(directory))
        }
        if let found = locator.locate([names.images, names.labels], dataset: variant.directoryName) {
            return try read(images: found.files[0], labels: found.files[1], variant: variant, split: split,
                            source: .directory(found.directory))
        }
        let searched = locator.searchDirectories(for: variant.directoryName).map(\.path)
        var reason = "not found in " + searched.joined(separator: ", ")
        if options.allowsDownload {
            let cache = locator.cacheDirectory(for: variant.directoryName)
            do {
                let files = try download(variant, split: split, into: cache, options: options)
                return try read(images: files[0], labels: files[1], variant: variant, split: split, source: .directory(cache))
            } catch let error as DownloadError {
                reason += "; \(error)"
            }
        }
        guard options.allowsSample else {
            throw MNISTError(message: "\(variant.displayName) \(split.rawValue) split: \(reason)")
        }
        let sample = try loadSample(split: split)
        let advice = variant == .fashionMNIST
            ? ". For the full data: apt-get install dataset-fashion-mnist, or put the files in $NABLA_DATA/fashion-mnist."
            : " instead of MNIST. For the full data: put the four MNIST files in $NABLA_DATA/mnist, or go online to download them."
        options.noticeWriter("nabla: \(variant.displayName) \(reason); using the bundled sample of \(sample.count) "
            + "Fashion-MNIST \(split.rawValue) images" + advice + "\n")
        return sample
    }

    /// The sample of Fashion-MNIST bundled with Nabla: the first 3,000 training and the first
    /// 1,000 test images of the real data set, with their labels.
    public static func loadSample(split: MNISTSplit = .train) throws -> MNISTData {
        guard let directory = Bundle.module.url(forResource: "fashion-mnist-sample", withExtension: nil) else {
            throw MNISTError(message: "the bundled Fashion-MNIST sample is missing from Nabla's resources")
        }
        let names = split.fileNames
        return try read(images: directory.appendingPathComponent(names.images + ".gz"),
                        labels: directory.appendingPathComponent(names.labels + ".gz"),
                        variant: .fashionMNIST, split: split, source: .bundledSample)
    }

    /// Reads an images file and a labels file (each plain or gzip) and checks that they belong
    /// together: unsigned bytes, images `[N, 28, 28]`, labels `[N]` in 0–9 (read as `int64`).
    ///
    /// - Throws: `IDXError`, `GzipError` or `MNISTError`, naming the file at fault.
    public static func read(images: URL, labels: URL, variant: MNISTVariant, split: MNISTSplit,
                            source: MNISTSource) throws -> MNISTData {
        let imageTensor = try readIDX(images, expecting: { $0.count == 3 && $0[1] == imageSize && $0[2] == imageSize },
                                      described: "[N, 28, 28] images", scaleBytes: true)
        let labelTensor = try readIDX(labels, expecting: { $0.count == 1 }, described: "[N] labels", scaleBytes: false)
        guard imageTensor.shape[0] == labelTensor.shape[0] else {
            throw MNISTError(message: "\(labels.lastPathComponent): \(labelTensor.shape[0]) labels for "
                + "\(imageTensor.shape[0]) images in \(images.lastPathComponent)")
        }
        if let bad = labelTensor.scalars.firstIndex(where: { $0 > 9 }) {
            throw MNISTError(message: "\(labels.lastPathComponent): label \(Int(labelTensor.scalars[bad])) at index \(bad) is not a class 0-9")
        }
        return MNISTData(dataset: TensorDataset(inputs: imageTensor, targets: labelTensor.converted(to: .int64)),
                         variant: variant, split: split, source: source)
    }

    /// Reads an IDX file of unsigned bytes whose shape passes `expecting`.
    private static func readIDX(_ url: URL, expecting: ([Int]) -> Bool, described: String, scaleBytes: Bool) throws -> Tensor {
        let data = try IDXReader.contents(of: url)
        let header = try IDXReader.readHeader(data, file: url.lastPathComponent)
        guard header.elementType == .uint8, expecting(header.shape) else {
            throw MNISTError(message: "\(url.lastPathComponent): holds \(header.elementType) data of shape "
                + "\(header.shape), expected unsigned-byte \(described)")
        }
        return try IDXReader.decode(data, file: url.lastPathComponent, scaleBytes: scaleBytes)
    }

    /// Downloads the split's two files into `directory`, checked by checksum (where known) and by
    /// structure (unsigned bytes, the full split's count and shape).
    private static func download(_ variant: MNISTVariant, split: MNISTSplit, into directory: URL,
                                 options: MNISTLoadOptions) throws -> [URL] {
        let downloader = DatasetDownloader(baseURL: options.downloadBaseURL ?? variant.downloadBaseURL,
                                           showsProgress: options.showsProgress, progressWriter: options.noticeWriter)
        let names = split.fileNames
        let shapes = [names.images: [split.fullCount, imageSize, imageSize], names.labels: [split.fullCount]]
        return try [names.images, names.labels].map { name in
            let expectedShape = shapes[name]!
            let file = RemoteFile(name: name + ".gz", checksum: variant.checksum(of: name)) { content in
                let header = try IDXReader.readHeader(content, file: name)
                guard header.elementType == .uint8, header.shape == expectedShape else {
                    throw MNISTError(message: "\(name): holds \(header.elementType) data of shape \(header.shape), "
                        + "expected unsigned bytes of shape \(expectedShape)")
                }
            }
            return try downloader.download(file, into: directory)
        }
    }
}
