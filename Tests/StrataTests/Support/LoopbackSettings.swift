import StrataServer

extension ServerSettings {
    /// Settings for a service under test: any free port on loopback, and a consistent read or a
    /// refresh that waits two seconds (not ten) before answering 503 or 202. The test client gives
    /// up on a request after 20 s, and on a loaded machine the answer after a long wait can come
    /// later than that; a short wait answered by asking again (`executeAwaitingAnalysis`) cannot.
    static var onLoopback: ServerSettings {
        var settings = ServerSettings()
        settings.port = 0
        settings.consistentWaitSeconds = 2
        return settings
    }
}
