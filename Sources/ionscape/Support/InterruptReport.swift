import Dispatch
import MPIFarm
import Foundation

/// What rank 0 of an MPI job says when it is stopped by SIGTERM — which is how mpirun ends the
/// other ranks when one of them dies: the units that were in flight, and the rank each had been
/// dealt to, so the message names the rank and unit that failed. The journal needs no care:
/// every line in it was written whole or is ignored on `--resume`.
enum InterruptReport {
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    static func install() {
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: DispatchQueue(label: "ionscape.sigterm"))
        source.setEventHandler {
            let (names, parts) = SweepNames.current.withLock { $0 }
            let inFlight = UnitFarm.piecesInFlight().map { piece, rank in
                let name = piece.unit < names.count ? names[piece.unit] : "unit \(piece.unit)"
                let range = piece.parts.count == 1 ? "part \(piece.parts.lowerBound + 1)"
                    : "parts \(piece.parts.lowerBound + 1)–\(piece.parts.upperBound)"
                return name + (piece.parts.count == parts ? "" : " (\(range) of \(parts))") + " on rank \(rank)"
            }
            let detail = inFlight.isEmpty ? "no work units were in flight" : "work units in flight: " + inFlight.joined(separator: ", ")
            FileHandle.standardError.write(Data("error: rank 0 stopped by SIGTERM (mpirun ends the job when a rank fails); \(detail). Finished units are in the journal: rerun with --resume.\n".utf8))
            _exit(143)
        }
        source.resume()
        Self.source = source
    }
}
