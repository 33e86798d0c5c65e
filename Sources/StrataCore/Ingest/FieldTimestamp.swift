/// Public entry to the timestamp parser, for command-line dates.
public enum FieldTimestamp {
    /// Parses ISO 8601, `yyyyMMdd` or epoch seconds into UTC epoch seconds.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: DateFormat = .auto) -> Int64? {
        FieldParser.timestamp(bytes, format: format)
    }
}
