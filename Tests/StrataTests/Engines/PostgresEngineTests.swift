import Foundation
import Testing
@testable import StrataCore
@testable import StrataEngines
@testable import StrataPipeline

/// The feature SQL run by a real PostgreSQL server (started on loopback by the tests) gives the
/// embedded engine's value for every customer and column; COPY carries every text exactly.
@Suite(.enabled(if: PostgresTestServer.available, "no PostgreSQL: run scripts/install-postgres.sh"))
struct PostgresEngineTests {
    func check(_ data: Dataset, asOf: Int64, _ name: String) async throws {
        try await offPool {
            let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
            try await engine.load(data)
            #expect(try await engine.facts() == EngineFacts(data))
            let query = EngineFacts(data).featureQuery(.postgres, settings: FeatureSettings(asOf: asOf), thresholds: ActivityThresholds())
            let table = try await engine.analyze(query, then: []).features
            let differences = EngineEquality.differences(table, EngineEquality.embedded(data, asOf: asOf))
            #expect(differences.isEmpty, "\(name):\n\(differences.joined(separator: "\n"))")
        }
    }

    @Test func theAwkwardWorldEqualsTheEmbeddedEngine() async throws {
        let dir = TempDir()
        try AwkwardWorld.write(to: dir.path)
        let data = try load(InputPaths(directory: dir.path))
        try await check(data, asOf: AwkwardWorld.asOf, "awkward world")

        // Every attribute text arrives byte for byte, quotes, tabs and backslashes included.
        let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
        try await engine.load(data)
        let cities = try await engine.rows("SELECT DISTINCT city FROM customer_records WHERE city IS NOT NULL")
        let expected = Set(try #require(data.customers.attributes.first { $0.name == "city" }).values)
        #expect(Set(cities.rows.map { $0[0] }) == Set(expected.map(EngineTables.Value.text)))
        #expect(expected.contains { $0.contains("\t") && $0.contains("\\") && $0.contains("'") })
    }

    @Test func generatedDataInTimeOrderEqualsTheEmbeddedEngine() async throws {
        var variant = DataGenerator.Variant()
        variant.channels = .emailAndSMS
        let dir = DataGeneratorTests().generate(1_500, seed: 12, variant: variant, rowOrder: .time)
        try await check(try load(InputPaths(directory: dir.path)), asOf: DataGenerator.periodEnd, "generated")
    }

    @Test func anEmptyDatabaseSaysNothingWasLoaded() async throws {
        let engine = try PostgresEngine(url: try await #require(PostgresTestServer.shared).database())
        await #expect { try await engine.facts() } throws: { "\($0)".contains("no data loaded by `strata load`") }
    }

    @Test(.enabled(if: PostgresTestServer.shared?.certificateAuthority != nil, "the test server has no certificate: openssl is missing"))
    func tlsConnectionsFollowTheSSLMode() async throws {
        let server = try #require(PostgresTestServer.shared)
        let authority = try #require(server.certificateAuthority)
        let database = String(try await server.database().split(separator: "/").last!)
        func encrypted(_ url: String) async throws -> Bool {
            let rows = try await PostgresEngine(url: url).rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            return rows.rows.first?.first == .int(1)
        }
        let byAddress = "postgres://strata@127.0.0.1:\(server.port)/\(database)"
        let byName = "postgres://strata@localhost:\(server.port)/\(database)"
        #expect(try await encrypted(byAddress + "?sslmode=disable") == false)
        #expect(try await encrypted(byAddress + "?sslmode=require"))
        #expect(try await encrypted(byAddress + "?sslmode=prefer"))
        #expect(try await encrypted(byAddress + "?sslmode=verify-ca&sslrootcert=\(authority)"))
        #expect(try await encrypted(byName + "?sslmode=verify-full&sslrootcert=\(authority)"))

        // A certificate the named authority did not sign, and verify-full without a name to check.
        let stranger = try PostgresTestServer.strangerAuthority()
        await #expect { try await encrypted(byName + "?sslmode=verify-full&sslrootcert=\(stranger)") } throws: { error in
            "\(error)".contains("cannot connect to PostgreSQL") && "\(error)".contains("TLS handshake failed: the server's certificate is not signed by an authority of sslrootcert")
        }
        #expect { try PostgresAddress(byAddress + "?sslmode=verify-full&sslrootcert=\(authority)") } throws: { error in
            "\(error)".contains("'127.0.0.1' is an address: connect by name, or use sslmode=verify-ca")
        }
        #expect { try PostgresAddress(byAddress + "?sslmode=verify-ca&sslrootcert=/no/such.pem") } throws: { error in
            "\(error)".contains("sslrootcert=/no/such.pem: no such readable file")
        }
        #expect { try PostgresAddress(byAddress + "?sslmode=allow") } throws: { error in
            "\(error)".contains("sslmode=allow is not one of disable, prefer, require, verify-ca, verify-full")
        }
    }

    @Test func aBadAddressSaysWhatIsWrong() async throws {
        #expect(throws: EngineError.self) { try PostgresEngine(url: "mysql://x@y/z") }
        #expect { try PostgresAddress("postgres://x@db.example/z?sslmode=require&sslcert=\(fixtures)/cdnow/CDNOW_sample.txt") } throws: { error in
            "\(error)".contains("a client certificate needs both sslcert and sslkey")
        }
        let engine = try PostgresEngine(url: "postgres://nobody:secret@127.0.0.1:1/none")
        await #expect {
            try await engine.facts()
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot connect to PostgreSQL") && text.contains("127.0.0.1:1") && !text.contains("secret")
        }
    }
}
