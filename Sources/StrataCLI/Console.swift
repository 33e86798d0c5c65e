import Foundation
import StrataCore

/// Where the commands write: the process's stdout and stderr, or (in tests) buffers, chosen per
/// task with ``Console/$current``.
public final class Console: @unchecked Sendable {
    /// The console of the running command.
    @TaskLocal public static var current = Console()

    private let lock = NSLock()
    private let capturing: Bool
    private var outText = ""
    private var errorText = ""

    /// The process's stdout and stderr.
    public init() { capturing = false }

    private init(capturing: Bool) { self.capturing = capturing }

    /// A console that keeps what is written, for ``standardOutput`` and ``standardError``.
    public static func capture() -> Console { Console(capturing: true) }

    /// Whether this console keeps what is written (tests) rather than writing to the process.
    var isCapturing: Bool { capturing }

    /// What was written to stdout (captured consoles only).
    public var standardOutput: String { lock.withLock { outText } }
    /// What was written to stderr (captured consoles only).
    public var standardError: String { lock.withLock { errorText } }

    func out(_ text: String) {
        liveLine?()
        guard capturing else { return FileHandle.standardOutput.write(Data(text.utf8)) }
        lock.withLock { outText += text }
    }

    /// A progress line's redraw, which must not clear itself.
    func progressLine(_ text: String) {
        guard capturing else { return FileHandle.standardError.write(Data(text.utf8)) }
        lock.withLock { errorText += text }
    }

    /// Bytes on stdout as they are (an export's file).
    func outData(_ data: Data) {
        liveLine?()
        guard capturing else { return FileHandle.standardOutput.write(data) }
        lock.withLock { outText += String(decoding: data, as: UTF8.self) }
    }

    /// Set while a progress line is being redrawn in place on the terminal: other text on stderr
    /// clears it first (the next redraw puts it back below), and text on stdout ends it first
    /// (by calling this).
    var liveLine: (@Sendable () -> Void)? {
        get { lock.withLock { live } }
        set { lock.withLock { live = newValue } }
    }
    private var live: (@Sendable () -> Void)?

    func error(_ text: String) {
        guard capturing else { return FileHandle.standardError.write(Data(((liveLine != nil ? "\r\u{1B}[K" : "") + text).utf8)) }
        lock.withLock { errorText += text }
    }
}

/// Writes a line (or `text` and `terminator`) on the command's stdout.
func output(_ text: String, terminator: String = "\n") {
    Console.current.out(text + terminator)
}

/// Writes prose on stdout, wrapped to ``TextWrap/width`` columns.
func say(_ text: String) {
    output(TextWrap.wrap(text))
}

/// Prints `warning: message` on the command's stderr.
func warn(_ message: String) {
    Console.current.error("warning: \(message)\n")
}
