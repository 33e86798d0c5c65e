import Foundation
import StrataCore

/// Renders `insights.json`.
public enum InsightsWriter {
    /// Pretty, key-sorted JSON; a non-finite number is written as a string ("inf", "-inf", "nan")
    /// so that the file is always written.
    public static func json(_ insights: SegmentInsights) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(insights)
    }
}
