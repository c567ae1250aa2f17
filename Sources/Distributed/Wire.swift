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
