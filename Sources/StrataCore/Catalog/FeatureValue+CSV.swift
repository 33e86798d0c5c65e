extension CSVBuffer {
    /// A feature's value as its column writes it (nothing when missing); numbers are written
    /// exactly (they read back to the same double), whatever places a display would round to.
    package mutating func value(_ value: FeatureValue) {
        switch value {
        case .missing: return
        case let .int(v): int(v)
        case let .cents(v): cents(v)
        case let .decimal(v): exact(v)
        case let .text(v): text(v)
        case let .day(v): day(v)
        case let .flag(v): int(v ? 1 : 0)
        }
    }
}
