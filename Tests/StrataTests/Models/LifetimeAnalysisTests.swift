import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The models inside `analyze`: fitted in days on the customer table, written to customers.csv.
@Suite struct LifetimeAnalysisTests {
    static let cdnow: (Dataset, Segmentation) = {
        let config = try! InputConfig.parse(CDNOWTests.config, file: "cdnow.yaml")
        let data = try! load(InputPaths(orders: "\(fixtures)/cdnow/CDNOW_master.txt"), config: config)
        return (data, Segmentation(data, settings: FeatureSettings(asOf: seconds("1998-06-30T23:59:59Z"))))
    }()

    @Test func predictionsForEveryCustomerMatchTheFittedModels() throws {
        let (data, s) = Self.cdnow
        let lifetime = try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 365))
        let f = s.features
        #expect(lifetime.purchaseFit.customers == 23_570 && lifetime.purchaseFit.converged)
        let spendFit = try #require(lifetime.spendFit)
        // Repeat buyers whose repeat purchases are all zero-amount lines stay out of the spend fit.
        let zeroRepeatSpend = (0..<f.count).filter { f.purchaseDays[$0] > 1 && f.repeatPurchaseCents[$0] <= 0 }.count
        #expect(lifetime.excludedFromSpend == zeroRepeatSpend)
        #expect(spendFit.customers == (0..<f.count).filter { f.purchaseDays[$0] > 1 }.count - zeroRepeatSpend)

        let model = BetaGeometricNBD(parameters: lifetime.purchaseFit.parameters)
        let spend = GammaGamma(parameters: spendFit.parameters)
        let p = lifetime.predictions
        #expect(p.count == data.customers.count)
        for c in stride(from: 0, to: f.count, by: 97) {
            let x = Double(f.repeatPurchases(c)!), tx = Double(f.btydRecencyDays(c)!), T = Double(f.tenureDays(c)!)
            #expect(abs(p.pAlive[c] - model.pAlive(frequency: x, recency: tx, age: T)) < 1e-12)
            #expect(abs(p.expectedPurchases[c] - model.expectedPurchases(365, frequency: x, recency: tx, age: T)) < 1e-9)
            let aov = spend.expectedAverageSpend(frequency: x, monetary: f.averageRepeatPurchaseValue(c) ?? 0)
            #expect(abs(p.expectedAverageSpend[c] - aov) < 1e-9)
            #expect(p.clv[c] <= aov * p.expectedPurchases[c] + 1e-9 && p.clv[c] >= aov * p.expectedPurchases[c] / pow(1.01, 12) - 1e-9)
        }
    }

    @Test func customersCSVCarriesTheModelColumns() throws {
        let (data, s) = Self.cdnow
        let lifetime = try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 90))
        let text = String(decoding: CustomerTableWriter.render(data.customers, s, lifetime: lifetime), as: UTF8.self)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.suffix(6)) == ["p_alive", "churn_risk", "expected_purchases_90", "next_order_date", "expected_aov", "clv"])
        let c = 0
        let row = lines[c + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row[0] == data.customers.ids.string(c))
        #expect(abs(Double(row[header.firstIndex(of: "p_alive")!])! - lifetime.predictions.pAlive[c]) < 1e-4)
        #expect(row[header.firstIndex(of: "churn_risk")!] == ChurnRisk(pAlive: lifetime.predictions.pAlive[c])?.rawValue)
        let wait = lifetime.predictions.nextPurchaseIn[c]
        let date = row[header.firstIndex(of: "next_order_date")!]
        #expect(wait.isFinite ? date == Timestamp.isoDate(day: Timestamp.daysFromCivil(year: 1998, month: 6, day: 30) + Int64(wait.rounded())) : date.isEmpty)
    }

    @Test func aCohortOfOneTimeBuyersIsReportedNotFitted() throws {
        let dir = TempDir()
        dir.write("orders.csv", "customer_id,ts,amount\na,2024-01-01,10\nb,2024-02-01,20\nc,2024-03-01,5\n")
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds("2024-06-30T00:00:00Z")))
        #expect(throws: ModelError.noRepeatBuyers(customers: 3)) {
            try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 90))
        }
    }
}
