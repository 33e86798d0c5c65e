import Foundation
@testable import StrataEngines

/// A private PostgreSQL server for the tests, started once per test process on loopback from
/// Debian's programs (scripts/install-postgres.sh installs them; `.ci/run` does) and stopped at
/// exit; or the server of STRATA_TEST_POSTGRES_URL when that is set. Each test gets a database
/// of its own.
final class PostgresTestServer: @unchecked Sendable {
    /// The server's URL without a database.
    let url: String
    private let folder: String?
    /// The port, and the PEM file of the authority that signed the server's certificate (issued
    /// to `localhost` and 127.0.0.1) when the server speaks TLS.
    private(set) var port = 0
    private(set) var certificateAuthority: String?

    /// Whether a server can be had.
    static var available: Bool { shared != nil }

    static let shared: PostgresTestServer? = {
        if let url = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_URL"] { return PostgresTestServer(url: url, folder: nil) }
        guard let bin = programs else { return nil }
        return try? start(bin)
    }()

    private init(url: String, folder: String?) {
        self.url = url
        self.folder = folder
    }

    /// A new empty database's URL.
    func database() async throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try await PostgresEngine(url: url + "/postgres").rows("CREATE DATABASE \(name)")
        return "\(url)/\(name)"
    }

    /// The folder of Debian's PostgreSQL programs, the newest version.
    private static var programs: String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { Int($0) ?? 0 > Int($1) ?? 0 }
        return versions.map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    private static func start(_ bin: String) throws -> PostgresTestServer {
        let folder = NSTemporaryDirectory() + "strata-pg-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
        let asRoot = getuid() == 0
        if asRoot { try run("/bin/chown", ["postgres:postgres", folder]) }
        func program(_ name: String, _ arguments: [String]) throws {
            if asRoot { try run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/\(name)"] + arguments) } else { try run("\(bin)/\(name)", arguments) }
        }
        try program("initdb", ["-D", "\(folder)/data", "-U", "strata", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        let tls = try? certificates(in: folder, owner: asRoot ? "postgres:postgres" : nil)
        let tlsOptions = tls == nil ? "" : " -c ssl=on -c ssl_cert_file=\(folder)/tls/server.pem -c ssl_key_file=\(folder)/tls/server.key"
        var port = 0
        for attempt in 0..<5 {
            port = Int.random(in: 30_000..<60_000)
            do {
                try program("pg_ctl", ["-D", "\(folder)/data", "-l", "\(folder)/log", "-w", "-o",
                                       "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" + tlsOptions, "start"])
                break
            } catch where attempt < 4 {
                continue
            }
        }
        let server = PostgresTestServer(url: "postgres://strata@127.0.0.1:\(port)", folder: folder)
        server.port = port
        server.certificateAuthority = tls
        ServerStop.shared.remember(bin: bin, folder: folder, asRoot: asRoot)
        return server
    }

    /// A certificate authority and a server certificate it signed for `localhost` and 127.0.0.1,
    /// made with openssl in FOLDER/tls; returns the authority's PEM file.
    private static func certificates(in folder: String, owner: String?) throws -> String {
        let tls = "\(folder)/tls"
        try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: "\(tls)/san.cnf", atomically: true, encoding: .utf8)
        let openssl = "/usr/bin/openssl"
        try run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Strata test authority",
                          "-keyout", "\(tls)/ca.key", "-out", "\(tls)/ca.pem"])
        try run(openssl, ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "\(tls)/server.key", "-out", "\(tls)/server.csr"])
        try run(openssl, ["x509", "-req", "-in", "\(tls)/server.csr", "-CA", "\(tls)/ca.pem", "-CAkey", "\(tls)/ca.key", "-CAcreateserial",
                          "-days", "2", "-extfile", "\(tls)/san.cnf", "-out", "\(tls)/server.pem"])
        // The server reads its key only when no one else may.
        if let owner { try run("/bin/chown", ["-R", owner, tls]) }
        try run("/bin/chmod", ["600", "\(tls)/server.key"])
        return "\(tls)/ca.pem"
    }

    /// Another authority, which signed nothing the server holds.
    static func strangerAuthority() throws -> String {
        let folder = TempDir().path
        try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Someone else",
                                     "-keyout", "\(folder)/other.key", "-out", "\(folder)/other.pem"])
        return "\(folder)/other.pem"
    }

    /// Runs a program to its end, its output discarded. Spawned and awaited directly: a program
    /// that leaves a daemon behind (pg_ctl start) can keep Foundation's `Process` waiting.
    static func run(_ executable: String, _ arguments: [String]) throws {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0, waitpid(pid, &status, 0) == pid, status == 0 else {
            throw EngineError.program(engine: "PostgreSQL", detail: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
    }
}

/// Stops the test server when the test process exits.
private final class ServerStop: @unchecked Sendable {
    static let shared = ServerStop()
    private var stop: (bin: String, folder: String, asRoot: Bool)?

    private init() {
        atexit { ServerStop.shared.run() }
    }

    func remember(bin: String, folder: String, asRoot: Bool) { stop = (bin, folder, asRoot) }

    private func run() {
        guard let stop else { return }
        let arguments = ["-D", "\(stop.folder)/data", "-m", "immediate", "stop"]
        if stop.asRoot {
            try? PostgresTestServer.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(stop.bin)/pg_ctl"] + arguments)
        } else {
            try? PostgresTestServer.run("\(stop.bin)/pg_ctl", arguments)
        }
        try? FileManager.default.removeItem(atPath: stop.folder)
    }
}
