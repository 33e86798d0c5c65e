/// Which file column feeds each canonical column of a table, as reader slots.
package struct ColumnBinding {
    /// Slot names: the file's own column names, in slot order.
    package private(set) var slotNames: [String] = []
    private var slotByCanonical: [String: Int] = [:]

    /// Binds canonical columns to the file's columns: a config mapping wins, else the first
    /// accepted spelling present (ignoring case).
    /// - Throws: ``IngestError/missingColumns(file:missing:found:)`` listing the columns found.
    package init(kind: TableKind, columns: [String], options: TableOptions, file: String) throws(IngestError) {
        var missing: [String] = []
        let lowered = columns.map { $0.lowercased() }
        for column in kind.columns {
            var chosen: String?
            if let mapped = options.columns[column.name] {
                guard let i = lowered.firstIndex(of: mapped.lowercased()) else {
                    throw .unknownConfiguredColumn(file: file, column: column.name, name: mapped, found: columns)
                }
                chosen = columns[i]
            } else {
                for synonym in column.synonyms {
                    if let i = lowered.firstIndex(of: synonym), !slotNames.contains(columns[i]) {
                        chosen = columns[i]
                        break
                    }
                }
            }
            if let chosen {
                slotByCanonical[column.name] = slotNames.count
                slotNames.append(chosen)
            } else if column.required {
                missing.append(options.columns[column.name] ?? column.name)
            }
        }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, missing: missing, found: columns)
        }
    }

    /// Adds an extra slot (customer attributes); returns its slot.
    package mutating func addSlot(named name: String) -> Int {
        slotNames.append(name)
        return slotNames.count - 1
    }

    package func slot(_ canonical: String) -> Int? { slotByCanonical[canonical] }

    /// Canonical column → the file column that feeds it.
    package var mapping: [String: String] { slotByCanonical.mapValues { slotNames[$0] } }

    /// Slot → the field it reads in `source` (positions are 0 in NDJSON).
    package func fields(in source: TextSource) -> [FieldRef] {
        slotNames.map { name in
            let position = source.columns.firstIndex(of: name).map { $0 + 1 } ?? 0
            if case .ndjson = source.layout { return FieldRef(name: name, number: 0) }
            return FieldRef(name: name, number: position)
        }
    }
}
