import Foundation
import StrataCore

/// `strata fit`'s output: the fit as JSON (with the population curve when there is one) or as
/// text tables.
public enum FitRenderer {
    public static func json(_ result: SummaryFit) throws -> Data {
        var object = (try JSONSerialization.jsonObject(with: try result.fit.json()) as? [String: Any]) ?? [:]
        if !result.newCustomerCurve.isEmpty { object["new_customer_curve"] = result.newCustomerCurve }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    public static func text(_ result: SummaryFit) -> String {
        var out = TextTable.render(SummaryRenderer.parameterRows([result.fit]), left: [0, 2])
        if !result.newCustomerCurve.isEmpty {
            let rows = [["t", "expected purchases of a new customer"]]
                + result.newCustomerCurve.enumerated().map { [String($0.offset + 1), NumberFormat.significant($0.element)] }
            out += "\n" + TextTable.render(rows)
        }
        return out
    }
}
