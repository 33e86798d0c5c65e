import Testing
@testable import StrataCore

/// How the catalog turns customer values into rule columns.
@Suite struct FieldCatalogTests {
    /// A column made from codes into a few texts is the one made by hashing each customer's text:
    /// the same codes in order of first appearance, equal texts one code, none as -1.
    @Test func codedTextColumnsEqualTextColumns() {
        var random = SeededRandom(seed: 3)
        let values = ["b", "a", "c", "a", "", "d,e"]
        let codes = (0..<5_000).map { _ in Int(random.next() % 8) - 2 }.map { $0 < values.count ? $0 : -1 }
        let coded = FieldCatalog.textColumn(codes: codes, values: values)
        let hashed = FieldCatalog.textColumn(codes.map { $0 >= 0 ? values[$0] : nil })
        guard case let .text(codedCodes, codedValues) = coded, case let .text(hashedCodes, hashedValues) = hashed else {
            Issue.record("both are text columns")
            return
        }
        #expect(codedValues == hashedValues)
        #expect(codedCodes == hashedCodes)
        #expect(Set(codedValues).count == codedValues.count, "\"a\" twice in the values is one text")
        #expect(codedCodes.contains(-1))
    }
}
