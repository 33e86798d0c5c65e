/// Merges per-chunk string dictionaries into one whose strings are in byte order (the order every
/// analysis keeps them in), so codes never depend on thread timing or on how the file was cut, and
/// the coded columns need no second recoding. Returns the merged strings and, per chunk, local
/// code → global code.
package func mergeDictionaries(_ locals: [ByteStringTable], lowercase: Bool = false) -> (strings: [String], remaps: [[Int32]]) {
    var global = ByteStringTable()
    var remaps: [[Int32]] = []
    for local in locals {
        var remap = [Int32](repeating: -1, count: local.count)
        for code in 0..<local.count {
            let text = lowercase ? local.string(code).lowercased() : local.string(code)
            remap[code] = Int32(global.insert(text))
        }
        remaps.append(remap)
    }
    var strings = global.strings
    let order = strings.indices.sorted { strings[$0].utf8.lexicographicallyPrecedes(strings[$1].utf8) }
    guard order != Array(strings.indices) else { return (strings, remaps) }
    var sortedCode = [Int32](repeating: 0, count: strings.count)
    for (position, old) in order.enumerated() { sortedCode[old] = Int32(position) }
    strings = order.map { strings[$0] }
    return (strings, remaps.map { $0.map { sortedCode[Int($0)] } })
}
