import Foundation

/// Where data sets live on disk: the places searched for a data set's files, in order, and the
/// cache that downloads go to.
///
/// For a data set called `name` (e.g. `"fashion-mnist"`) the search order is
///
/// 1. a directory given explicitly by the caller,
/// 2. `$NABLA_DATA/<name>`,
/// 3. `~/.cache/nabla/<name>` (also where downloads are saved),
/// 4. `/usr/share/datasets/<name>` (where Debian's `dataset-*` packages install).
///
/// The environment and the directories are stored properties, so tests (or programs that keep
/// data elsewhere) can make a locator that never touches the real home directory.
public struct DatasetLocator: Sendable {
    /// The environment variables consulted: `NABLA_DATA`, and `HOME` for the cache.
    public var environment: [String: String]
    /// The home directory whose `.cache/nabla` holds downloads.
    public var homeDirectory: URL
    /// The system-wide data set directory (`/usr/share/datasets` by default).
    public var systemDirectory: URL

    /// A locator for this process: its environment, `$HOME` (or the user's home directory), and
    /// `/usr/share/datasets`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: URL? = nil,
                systemDirectory: URL = URL(fileURLWithPath: "/usr/share/datasets", isDirectory: true)) {
        self.environment = environment
        self.homeDirectory = homeDirectory
            ?? environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        self.systemDirectory = systemDirectory
    }

    /// The directory that downloads of data set `name` are saved to: `~/.cache/nabla/<name>`.
    public func cacheDirectory(for name: String) -> URL {
        homeDirectory.appendingPathComponent(".cache/nabla", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true)
    }

    /// The directories searched for data set `name`, in order, starting with `explicit` if given.
    public func searchDirectories(for name: String, explicit: URL? = nil) -> [URL] {
        var directories: [URL] = []
        if let explicit { directories.append(explicit) }
        if let root = environment["NABLA_DATA"], !root.isEmpty {
            directories.append(URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(name, isDirectory: true))
        }
        directories.append(cacheDirectory(for: name))
        directories.append(systemDirectory.appendingPathComponent(name, isDirectory: true))
        return directories
    }

    /// The first searched directory that holds every one of `fileNames` (each plain or gzipped),
    /// with the files' URLs in the order of `fileNames`; `nil` when no directory holds them all.
    public func locate(_ fileNames: [String], dataset name: String, explicit: URL? = nil) -> (directory: URL, files: [URL])? {
        for directory in searchDirectories(for: name, explicit: explicit) {
            let files = fileNames.compactMap { Self.file(named: $0, in: directory) }
            if files.count == fileNames.count { return (directory, files) }
        }
        return nil
    }

    /// `directory/fileName` if it exists, else `directory/fileName.gz` if that exists, else `nil`.
    public static func file(named fileName: String, in directory: URL) -> URL? {
        for candidate in [fileName, fileName + ".gz"] {
            let url = directory.appendingPathComponent(candidate)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return url
            }
        }
        return nil
    }
}
