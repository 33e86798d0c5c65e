/// Splits a segment-definition file into tokens. Comments run from `#` or `//` to the end of the
/// line. Strings are double-quoted with `\"` and `\\` escapes. A bad character or an unterminated
/// string is a located diagnostic; the lexer never fails otherwise.
package struct Lexer {
    package let source: RuleSource

    package func tokens() -> Result<[Token], RuleDiagnostic> {
        let s = source.text
        var tokens: [Token] = []
        var i = 0
        func peek(_ k: Int) -> UInt8 { i + k < s.count ? s[i + k] : 0 }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F || c >= 0x80 }
        while i < s.count {
            let c = s[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == 0x23 || (c == 0x2F && peek(1) == 0x2F) {
                while i < s.count, s[i] != 0x0A { i += 1 }
                continue
            }
            let start = i
            if c == 0x22 {
                var bytes: [UInt8] = []
                i += 1
                var closed = false
                while i < s.count {
                    let d = s[i]
                    if d == 0x22 { closed = true; i += 1; break }
                    if d == 0x0A { break }
                    if d == 0x5C, i + 1 < s.count, s[i + 1] == 0x22 || s[i + 1] == 0x5C { bytes.append(s[i + 1]); i += 2; continue }
                    bytes.append(d)
                    i += 1
                }
                guard closed else { return .failure(RuleDiagnostic(source, Span(start, i), "unterminated string: expected a closing \"")) }
                tokens.append(Token(kind: .string(String(decoding: bytes, as: UTF8.self)), span: Span(start, i)))
                continue
            }
            if isDigit(c) {
                // A date yyyy-mm-dd, or a number.
                if i + 10 <= s.count, isDigit(s[i + 1]), isDigit(s[i + 2]), isDigit(s[i + 3]), s[i + 4] == 0x2D,
                   isDigit(s[i + 5]), isDigit(s[i + 6]), s[i + 7] == 0x2D, isDigit(s[i + 8]), isDigit(s[i + 9]) {
                    let text = String(decoding: s[i..<(i + 10)], as: UTF8.self)
                    let parts = text.split(separator: "-").map { Int($0)! }
                    guard Timestamp.isValid(year: parts[0], month: parts[1], day: parts[2]) else {
                        return .failure(RuleDiagnostic(source, Span(i, i + 10), "invalid date \(text): expected yyyy-mm-dd"))
                    }
                    tokens.append(Token(kind: .date(Timestamp.daysFromCivil(year: parts[0], month: parts[1], day: parts[2])), span: Span(i, i + 10)))
                    i += 10
                    continue
                }
                while i < s.count, isDigit(s[i]) { i += 1 }
                if i < s.count, s[i] == 0x2E, isDigit(peek(1)) {
                    i += 1
                    while i < s.count, isDigit(s[i]) { i += 1 }
                }
                let text = String(decoding: s[start..<i], as: UTF8.self)
                guard let value = Double(text), value.isFinite else {
                    return .failure(RuleDiagnostic(source, Span(start, i), "invalid number \(text)"))
                }
                tokens.append(Token(kind: .number(value), span: Span(start, i)))
                continue
            }
            if isLetter(c) {
                while i < s.count, isLetter(s[i]) || isDigit(s[i]) { i += 1 }
                let word = String(decoding: s[start..<i], as: UTF8.self)
                let kind: Token.Kind = Keyword(rawValue: word.lowercased()).map { .keyword($0) } ?? .identifier(word)
                tokens.append(Token(kind: kind, span: Span(start, i)))
                continue
            }
            let two = i + 1 < s.count ? String(decoding: s[i...(i + 1)], as: UTF8.self) : ""
            if let symbol = Symbol(rawValue: two) {
                tokens.append(Token(kind: .symbol(symbol), span: Span(i, i + 2)))
                i += 2
                continue
            }
            if c == 0x3D, peek(1) == 0x3D {
                tokens.append(Token(kind: .symbol(.equal), span: Span(i, i + 2)))
                i += 2
                continue
            }
            if c < 0x80, let symbol = Symbol(rawValue: String(UnicodeScalar(c))) {
                tokens.append(Token(kind: .symbol(symbol), span: Span(i, i + 1)))
                i += 1
                continue
            }
            var end = i + 1
            while end < s.count, s[end] & 0xC0 == 0x80 { end += 1 }
            return .failure(RuleDiagnostic(source, Span(i, end), "unexpected character '\(String(decoding: s[i..<end], as: UTF8.self))'"))
        }
        tokens.append(Token(kind: .end, span: Span(s.count, s.count)))
        return .success(tokens)
    }
}
