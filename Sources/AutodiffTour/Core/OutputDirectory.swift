import Foundation

/// The directory the tour writes its figures to.
enum OutputDirectory {
    /// Creates `path` (and missing parents) if needed and checks that files
    /// can be written in it, so that a bad `--output` is reported before the
    /// tour starts rather than in the middle of it.
    static func prepare(_ path: String) throws(TourError) {
        let manager = FileManager.default
        // Each missing component is made with mkdir, whose errno names the
        // actual cause (Foundation's message for it is vaguer).
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix = (prefix as NSString).appendingPathComponent(String(component))
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: prefix, isDirectory: &isDirectory) {
                if isDirectory.boolValue { continue }
                throw .unwritableOutput(path: path, reason: "\(prefix.debugDescription) is a file, not a directory")
            }
            if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
                throw .unwritableOutput(path: path, reason: "cannot create \(prefix.debugDescription): \(posixMessage(errno))")
            }
        }
        // Root passes permission checks, a read-only file system does not: probe.
        let probe = (path as NSString).appendingPathComponent(".autodiff-tour-probe-\(getpid())")
        guard manager.createFile(atPath: probe, contents: Data()) else {
            throw .unwritableOutput(path: path, reason: "the directory is not writable")
        }
        try? manager.removeItem(atPath: probe)
    }

    /// A one-line reason for a file-system error: the POSIX message when there
    /// is one (Foundation's own text names internal domains).
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posixMessage(Int32(underlying.code))
        }
        if error.domain == NSPOSIXErrorDomain { return posixMessage(Int32(error.code)) }
        return error.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `strerror`'s text in lower case: "no such file or directory".
    static func posixMessage(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
