/// Merges per-chunk string dictionaries into one, in chunk order, so codes never depend on
/// thread timing. Returns the merged strings and, per chunk, local code → global code.
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
    return (global.strings, remaps)
}
