/// `in segment "…"` naming a built-in scheme's segment rather than one of the file's: written
/// `"scheme:segment"` (`"lifecycle:at-risk"`, `"rfm:Champions"`, `"interests:books"`), or the bare
/// name when only one scheme has it (`"Champions"`, `"reads-actively"`). It reads as the scheme's
/// column equal to the segment (`lifecycle_stage = "at-risk"`), so evaluation, SQL and `explain`
/// treat it as that comparison.
package enum BuiltInSegmentReference {
    /// The column and segment a name refers to, or why it cannot be resolved (nil: not a built-in name).
    package static func resolve(_ name: String) -> Result<(column: String, segment: String), Ambiguity>? {
        if let colon = name.firstIndex(of: ":") {
            let prefix = name[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
            let segment = String(name[name.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard let scheme = SegmentScheme.allCases.first(where: { $0.rawValue == prefix || $0.shortTitle.lowercased() == prefix }) else {
                return nil
            }
            if scheme == .interests { return .success((scheme.column, segment)) }
            guard let canonical = scheme.segmentNames.first(where: { $0.lowercased() == segment.lowercased() }) else { return nil }
            return .success((scheme.column, canonical))
        }
        let schemes = SegmentScheme.allCases.filter { $0.segmentNames.contains(name) }
        switch schemes.count {
        case 0: return nil
        case 1: return .success((schemes[0].column, name))
        default: return .failure(Ambiguity(name: name, schemes: schemes))
        }
    }

    /// A bare name several schemes have.
    package struct Ambiguity: Error {
        package var name: String
        package var schemes: [SegmentScheme]

        package var message: String {
            "\"\(name)\" is a segment of \(schemes.map(\.rawValue).joined(separator: ", ")): write "
                + schemes.prefix(3).map { "\"\($0.rawValue):\(name)\"" }.joined(separator: " or ")
        }
    }

    /// `e` with every `in segment` that names no segment of the file but a built-in one replaced by
    /// the comparison it stands for.
    package static func rewrite(_ e: Expr, fileSegments: Set<String>) -> Expr {
        func go(_ e: Expr) -> Expr {
            switch e {
            case let .inSegment(name, span):
                guard !fileSegments.contains(name), case let .success((column, segment))? = resolve(name) else { return e }
                return .compare(.equal, .field(column, span), .string(segment, span), span)
            case let .not(inner, span): return .not(go(inner), span)
            case let .logical(op, a, b): return .logical(op, go(a), go(b))
            case .number, .string, .date, .boolean, .field, .function, .negate, .compare, .arithmetic, .between, .inList, .contains,
                 .isMissing, .aggregate:
                return e
            }
        }
        return go(e)
    }
}
