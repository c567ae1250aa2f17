import WorkUnits

/// Little-endian encoding of the farm's messages: integers, Doubles by their bit patterns, byte
/// strings and UTF-8 strings, each with its length.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func piece(_ piece: UnitPiece) {
        int(piece.unit)
        int(piece.parts.lowerBound)
        int(piece.parts.upperBound)
    }

    mutating func bytes(_ values: [UInt8]) {
        int(values.count)
        self.bytes.append(contentsOf: values)
    }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what `WireWriter` wrote; a short or malformed message throws `MPIError.call` naming
/// the message, since it means the ranks disagree about the protocol.
struct WireReader {
    private let data: [UInt8]
    private var offset = 0
    private let name: String

    init(_ bytes: [UInt8], name: String) {
        self.data = bytes
        self.name = name
    }

    private mutating func word() throws(MPIError) -> UInt64 {
        guard offset + 8 <= data.count else { throw malformed() }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(data[offset + k]) << (8 * UInt64(k)) }
        offset += 8
        return value
    }

    mutating func int() throws(MPIError) -> Int { Int(Int64(bitPattern: try word())) }

    mutating func double() throws(MPIError) -> Double { Double(bitPattern: try word()) }

    mutating func piece() throws(MPIError) -> UnitPiece {
        let unit = try int(), lower = try int(), upper = try int()
        guard unit >= 0, lower >= 0, upper > lower else { throw malformed() }
        return UnitPiece(unit: unit, parts: lower..<upper)
    }

    mutating func bytes() throws(MPIError) -> [UInt8] {
        let count = try int()
        guard count >= 0, offset + count <= data.count else { throw malformed() }
        defer { offset += count }
        return Array(data[offset..<(offset + count)])
    }

    mutating func string() throws(MPIError) -> String {
        String(decoding: try bytes(), as: UTF8.self)
    }

    private func malformed() -> MPIError {
        .call(function: "UnitFarm", code: -1, message: "malformed \(name) message (\(data.count) bytes)")
    }
}

/// A report from another rank to rank 0: finished pieces, failed pieces, how many more it
/// wants, and whether it is done (no more units, all threads idle; then also the latencies of
/// its requests).
struct Report {
    var wanted = 0
    var done = false
    var latencies: [Double] = []
    var results: [(piece: UnitPiece, cost: UnitCost, payload: [UInt8])] = []
    var failures: [(piece: UnitPiece, exitCode: Int32, message: String)] = []

    init() {}

    init(_ bytes: [UInt8]) throws(MPIError) {
        var r = WireReader(bytes, name: "report")
        wanted = try r.int()
        done = try r.int() != 0
        for _ in 0..<max(try r.int(), 0) {
            let piece = try r.piece()
            let cost = UnitCost(wallSeconds: try r.double(), cpuSeconds: try r.double())
            results.append((piece, cost, try r.bytes()))
        }
        for _ in 0..<max(try r.int(), 0) {
            failures.append((try r.piece(), Int32(clamping: try r.int()), try r.string()))
        }
        for _ in 0..<max(try r.int(), 0) { latencies.append(try r.double()) }
    }

    var bytes: [UInt8] {
        var w = WireWriter()
        w.int(wanted)
        w.int(done ? 1 : 0)
        w.int(results.count)
        for r in results {
            w.piece(r.piece)
            w.double(r.cost.wallSeconds)
            w.double(r.cost.cpuSeconds)
            w.bytes(r.payload)
        }
        w.int(failures.count)
        for f in failures {
            w.piece(f.piece)
            w.int(Int(f.exitCode))
            w.string(f.message)
        }
        w.int(latencies.count)
        latencies.forEach { w.double($0) }
        return w.bytes
    }
}
