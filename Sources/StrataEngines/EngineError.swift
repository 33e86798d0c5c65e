/// Why an engine run failed, with what the engine said.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// The engine could not be reached or refused the connection.
    case connection(engine: String, detail: String)
    /// A statement failed: which step, and the engine's message.
    case statement(engine: String, step: String, detail: String)
    /// The engine's program is missing or ended with an error.
    case program(engine: String, detail: String)

    public var description: String {
        switch self {
        case let .connection(engine, detail): return "cannot connect to \(engine): \(detail)"
        case let .statement(engine, step, detail): return "\(engine) failed while \(step): \(detail)"
        case let .program(engine, detail): return "\(engine): \(detail)"
        }
    }
}
