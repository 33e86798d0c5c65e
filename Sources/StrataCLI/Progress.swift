import ArgumentParser
import Foundation
import StrataCore

/// `--quiet`, for the commands that show progress.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress on stderr (warnings and errors still show).") var quiet = false

    func progress() -> Progress { Progress(quiet: quiet) }
}

/// Progress on stderr, one line per step with the time it started. On a terminal the line of
/// the step under way is redrawn as it goes: its time so far and, when its work is measured
/// (``WorkMeter``), a bar, the percentage and rows per second. Elsewhere (a pipe, a log file)
/// plain lines; with `--quiet` nothing.
final class Progress: @unchecked Sendable {
    private enum Mode { case live, lines, quiet }

    private let mode: Mode
    private let start = Date()
    private let lock = NSLock()
    private let console = Console.current
    private var current: (message: String, started: Date)?
    private var timer: DispatchSourceTimer?
    /// The meter the library reports the current step's work to: the running command's.
    private let meter = WorkMeter.current ?? WorkMeter()

    init(quiet: Bool = false) {
        if quiet {
            mode = .quiet
        } else {
            mode = !Console.current.isCapturing && isatty(STDERR_FILENO) != 0 ? .live : .lines
        }
    }

    /// Ends the last step's live line when the command is done with its progress.
    deinit { finish() }

    /// A new step begins (the previous one ends).
    func step(_ message: String) {
        lock.withLock {
            let now = Date()
            switch mode {
            case .quiet: return
            case .lines:
                console.error(String(format: "strata [%5.1fs] %@\n", now.timeIntervalSince(start), message))
            case .live:
                if current != nil { console.progressLine("\r" + line(now: now) + "\u{1B}[K\n") }
                current = (message, now)
                meter.reset()
                console.progressLine("\r" + line(now: now) + "\u{1B}[K")
                console.liveLine = { [weak self] in self?.finish() }
                startTimer()
            }
        }
    }

    /// Ends the last step's live line.
    func finish() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            guard mode == .live else { return }
            if current != nil { console.progressLine("\r" + line(now: Date()) + "\u{1B}[K\n") }
            console.liveLine = nil
            current = nil
        }
    }

    private func startTimer() {
        guard timer == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.withLock {
                guard self.current != nil else { return }
                self.console.progressLine("\r" + self.line(now: Date()) + "\u{1B}[K")
            }
        }
        timer.resume()
        self.timer = timer
    }

    /// The live line, cut to the terminal's width (a longer line would wrap, and each redraw
    /// would leave its first part behind).
    private func line(now: Date) -> String {
        let text = fullLine(now: now)
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1, text.count >= Int(size.ws_col) else { return text }
        return String(text.prefix(Int(size.ws_col) - 2)) + "…"
    }

    /// Start time, step, time in the step, and the measured work.
    private func fullLine(now: Date) -> String {
        guard let current else { return "" }
        let took = now.timeIntervalSince(current.started)
        var text = String(format: "strata [%5.1fs] %@  %.1fs", current.started.timeIntervalSince(start), current.message, took)
        let reading = meter.reading
        if let fraction = reading.fraction {
            let width = 20, filled = Int(fraction * Double(width))
            text += "  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            text += String(format: "%3.0f%%", fraction * 100)
        }
        if reading.rows > 0, took > 0 {
            text += "  \(NumberFormat.grouped(reading.rows)) rows, \(NumberFormat.grouped(Int(Double(reading.rows) / took))) rows/s"
        }
        return text
    }
}

/// Wall-clock time of consecutive steps, for `--timing`.
struct StepClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, Double)] = []

    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, Double(now - last) / 1e9))
        last = now
    }

    func report() {
        let text = laps.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: ", ")
        Console.current.error("timing: \(text)\n")
    }
}
