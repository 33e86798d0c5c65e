import StrataCore
import StrataEngines
import StrataOutputs

/// An engine's result read as the embedded run's columns, so that the segments of an engine run
/// are profiled, ranked and planned in Swift by the code the embedded run uses: the same figures
/// for the RFM and activity schemes and the custom segments (docs/scale-out.md).
struct EngineColumns {
    var features: EngineFeatureTable
    var facts: EngineFacts
    var lifetime: LifetimeAnalysis?
    var asOf: Int64

    /// The customer fields of the result, as the embedded catalog names them: the computed
    /// columns, the model outputs, the attributes (and `age` from a numeric `birth_year`).
    func catalog() -> FieldCatalog {
        let table = features
        let n = table.rows.count
        var columns: [(name: String, type: FieldType, column: @Sendable () -> RuleColumn)] = []
        for feature in FeatureQuery.columns {
            guard let i = table.column(feature.rawValue) else { continue }
            columns.append((feature.rawValue, feature.type, { Self.column(table, i, as: feature.type) }))
        }
        let horizon = Int(lifetime?.settings.horizon ?? 0)
        let predictions = lifetime?.predictions
        let asOfDay = Timestamp.day(asOf)
        for model in CustomerFeature.modelColumns where model.isPresent(lifetime: lifetime) {
            columns.append((model.name(horizonDays: horizon), model.type, {
                let values = (0..<n).map { model.modelValue($0, predictions, asOfDay: asOfDay) }
                switch model.type {
                case .text: return FieldCatalog.textColumn(values.lazy.map(\.text))
                case .date: return .date(values.map { $0.number ?? .nan })
                case .bool: return .bool(values.map { $0 == .flag(true) })
                case .number: return .number(values.map { $0.number ?? .nan })
                }
            }))
        }
        let year = Double(Timestamp.civil(fromDays: asOfDay).year)
        for attribute in facts.attributes {
            let name = FeatureQuery.attributeColumn(attribute.name)
            guard let i = table.column(name) else { continue }
            if attribute.numeric {
                columns.append((name, .number, { Self.column(table, i, as: .number) }))
                if attribute.name == "birth_year" {
                    columns.append(("age", .number, { .number(table.rows.map { Self.number($0[i]).map { year - $0 } ?? .nan }) }))
                }
            } else {
                columns.append((name, .text, { Self.column(table, i, as: .text) }))
            }
        }
        let ids = table.values(CustomerFeature.customerID.rawValue).map { value -> String in
            if case let .text(id) = value { return id }
            return ""
        }
        return FieldCatalog(customerIDs: ids, columns: columns, asOf: asOf)
    }

    /// The built-in schemes an engine computes, as the embedded run labels them: RFM always,
    /// activity when there are events.
    func partitions() -> [SegmentInsights.Partition] {
        func partition(_ scheme: SegmentScheme, _ feature: CustomerFeature, _ names: [String]) -> SegmentInsights.Partition {
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            let codes = features.values(feature.rawValue).map { value -> Int in
                if case let .text(label) = value { return index[label] ?? 0 }
                return 0
            }
            return SegmentInsights.Partition(scheme, names: names, codes: codes)
        }
        return [partition(.rfm, .rfmSegment, RFMSegment.allCases.map(\.rawValue))]
            + (facts.hasEvents ? [partition(.activity, .activitySegment, ActivitySegment.allCases.map(\.rawValue))] : [])
    }

    /// Each ``Indicator``'s value per customer (NaN: none), as ``Indicator`` computes it from the
    /// embedded features.
    func indicatorColumns() -> [[Double]] {
        func numbers(_ name: String) -> [Double] { features.values(name).map { Self.number($0) ?? .nan } }
        let cents = revenueCents().map(Double.init)
        let orders = numbers(CustomerFeature.orders.rawValue)
        return Indicator.allCases.map { indicator in
            switch indicator {
            case .engagementRate: return numbers(CustomerFeature.engagementRate.rawValue)
            case .averageResponseDays: return numbers(CustomerFeature.averageResponseDays.rawValue)
            case .conversionRate: return numbers(CustomerFeature.conversionRate.rawValue)
            case .averageOrderValue: return zip(cents, orders).map { $1 > 0 ? $0 / 100 / $1 : .nan }
            case .purchasesPerMonth:
                return zip(numbers("purchase_days"), numbers(CustomerFeature.tenureDays.rawValue)).map { days, tenure in
                    tenure.isNaN ? .nan : days * 30 / max(tenure, 30)
                }
            case .atRiskShare: return numbers(CustomerFeature.atRisk.rawValue).map { $0 == 1 ? 1 : 0 }
            case .orders: return orders
            case .revenue: return cents.map { $0 / 100 }
            case .recencyDays: return numbers(CustomerFeature.recencyDays.rawValue)
            case .currentInactivityDays: return numbers(CustomerFeature.currentInactivityDays.rawValue)
            }
        }
    }

    /// Each customer's days since first seen.
    func daysSinceFirstSeen() -> [Int?] {
        features.values("first_seen_days").map { value in
            if case let .int(days) = value { return Int(days) }
            return nil
        }
    }

    /// Each customer's net revenue in cents (0 without amounts).
    func revenueCents() -> [Int64] {
        features.values("revenue_cents").map { value in
            if case let .int(cents) = value { return cents }
            return 0
        }
    }

    /// The custom segments' members and group labels the engine computed.
    static func evaluation(_ rules: CheckedRules, _ table: EngineFeatureTable) -> SegmentEvaluation {
        SegmentEvaluation(rules, members: { name in table.values(name).map { $0 == .int(1) } }, labels: { name in
            table.values(name).map { value in
                if case let .text(label) = value { return label }
                return nil
            }
        })
    }

    /// A column of the engine's result as a catalog column of `type`.
    private static func column(_ table: EngineFeatureTable, _ i: Int, as type: FieldType) -> RuleColumn {
        switch type {
        case .number: return .number(table.rows.map { number($0[i]) ?? .nan })
        case .bool: return .bool(table.rows.map { $0[i] == .int(1) })
        case .date: return .date(table.rows.map { row in
            if case let .text(date) = row[i], let day = Timestamp.day(isoDate: date) { return Double(day) }
            return .nan
        })
        case .text: return FieldCatalog.textColumn(table.rows.lazy.map { row -> String? in
            if case let .text(text) = row[i] { return text }
            return nil
        })
        }
    }

    private static func number(_ value: EngineTables.Value) -> Double? {
        switch value {
        case let .int(v): return Double(v)
        case let .double(v): return v
        case .null, .text: return nil
        }
    }
}
