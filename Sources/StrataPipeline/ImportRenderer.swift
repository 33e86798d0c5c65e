import Foundation
import StrataCore
import StrataStore

/// `strata import`'s table: what each file's import did.
public enum ImportRenderer {
    public static func text(_ files: [FileImport]) -> String {
        var rows = [["file", "read", "kept", "rejected", "duplicates", "merged", "skipped", "stored", "already there"]]
        for r in files {
            rows.append([(r.file as NSString).lastPathComponent] + [r.rowsRead, r.kept, r.rejected, r.duplicates, r.merged, r.skipped,
                                                                   r.stored, r.alreadyPresent].map(NumberFormat.grouped))
        }
        let text = TextTable.render(rows)
        var notes = ""
        for r in files where r.batches > 0 {
            notes += "\(r.file): \(r.batches) transaction\(r.batches == 1 ? "" : "s"), \(NumberFormat.decimal(Double(r.durationMs) / 1000, 1)) s\n"
        }
        for r in files {
            guard let earlier = r.unchangedSince else { continue }
            notes += "\(r.file): unchanged since import #\(earlier) (same size, modification time, content and settings); skipped\n"
        }
        for r in files {
            guard let earlier = r.grownSince else { continue }
            notes += "\(r.file): grew since import #\(earlier) (its first \(NumberFormat.grouped(r.readFrom)) bytes are what that import read); "
                + "only the records after them were read\n"
        }
        return text + TextWrap.wrap(notes)
    }
}
