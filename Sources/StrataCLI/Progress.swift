import Foundation

/// Prints progress lines on stderr once work has taken longer than a second; each line carries
/// the time it was reached.
final class Progress {
    private let start = Date()
    private var pending: [(String, Double)] = []
    private var shown = false

    func step(_ message: String) {
        let elapsed = Date().timeIntervalSince(start)
        if elapsed < 1 && !shown { pending.append((message, elapsed)); return }
        shown = true
        for (line, time) in pending { emit(line, time) }
        pending.removeAll()
        emit(message, elapsed)
    }

    private func emit(_ message: String, _ elapsed: Double) {
        Console.current.error(String(format: "strata [%5.1fs] %@\n", elapsed, message))
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
