/// What a user should know about fitted lifetime models, in the words `analyze` and `predict`
/// both print: a spend model left out and why, repeat buyers left out of it, fits that did not
/// converge.
public enum FitWarnings {
    public static func messages(fits: [ModelFit], spendProblem: String?, excludedFromSpend: Int) -> [String] {
        var messages: [String] = []
        if let spendProblem {
            messages.append("spend model skipped (no expected_aov, clv): \(spendProblem)")
        } else if excludedFromSpend > 0 {
            messages.append("spend model: \(excludedFromSpend) repeat buyers left out (repeat purchases worth ≤ 0)")
        }
        for fit in fits where !fit.converged {
            messages.append("the \(fit.model) fit did not converge: its predictions may be off")
        }
        return messages
    }
}
