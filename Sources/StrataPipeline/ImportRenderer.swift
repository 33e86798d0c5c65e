import StrataCore
import StrataStore

/// `strata import`'s table: what each file's import did.
public enum ImportRenderer {
    public static func text(_ files: [FileImport]) -> String {
        var rows = [["file", "read", "kept", "rejected", "duplicates", "merged", "skipped", "stored", "already there", "batches", "ms"]]
        for r in files {
            rows.append([r.file, String(r.rowsRead), String(r.kept), String(r.rejected), String(r.duplicates), String(r.merged),
                         String(r.skipped), String(r.stored),
                         String(r.alreadyPresent), String(r.batches), String(r.durationMs)])
        }
        var text = TextTable.render(rows)
        for r in files {
            guard let earlier = r.unchangedSince else { continue }
            text += "\(r.file): unchanged since import #\(earlier) (same size, modification time, content and settings); skipped\n"
        }
        return text
    }
}
