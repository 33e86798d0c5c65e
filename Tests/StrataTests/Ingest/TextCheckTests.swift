import Testing
@testable import StrataCore

/// The id check: a NUL or a byte that is not UTF-8 is found wherever it stands (the eight-byte
/// steps and the tail); ASCII and UTF-8 of other scripts pass.
@Suite struct TextCheckTests {
    func problem(_ bytes: [UInt8]) -> String? { bytes.withUnsafeBufferPointer { TextCheck.problem(in: $0) } }

    @Test func everyPositionOfABadByteIsFound() {
        for length in 1...20 {
            let clean = (0..<length).map { UInt8(ascii: "A") + UInt8($0 % 26) }
            #expect(problem(clean) == nil, "length \(length)")
            for position in 0..<length {
                var nul = clean, latin = clean
                nul[position] = 0
                latin[position] = 0xFC
                #expect(problem(nul)?.contains("NUL byte (found one at byte \(position + 1)") == true, "NUL at \(position) of \(length)")
                #expect(problem(latin)?.contains("byte \(position + 1) of the value is not UTF-8") == true, "0xFC at \(position) of \(length)")
            }
        }
        #expect(problem(Array("Müller-Lüdenscheidt-Иванов".utf8)) == nil)
        #expect(problem([]) == nil)
    }
}
