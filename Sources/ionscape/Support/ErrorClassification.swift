import CAIT
import Glass
import KMC
import Landscape
import SparseSolvers
import Transport

/// Decides whether a library error means the user's input was bad (exit 2) or the
/// computation failed (exit 1).
enum ErrorClassification {
    static func isBadInput(_ error: Error) -> Bool {
        switch error {
        case let e as LandscapeError:
            if case .invalidParameter = e { return true }
            return false
        case let e as TransportError:
            if case .invalidParameter = e { return true }
            return false
        case let e as CAITError:
            if case .invalidParameter = e { return true }
            return false
        case let e as KMCError:
            if case .invalidParameter = e { return true }
            return false
        case is GlassError:
            return true
        case is InputError:
            return true
        default:
            return false
        }
    }
}
