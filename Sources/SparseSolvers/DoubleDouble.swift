/// An unevaluated sum hi + lo of two doubles with |lo| ≤ ulp(hi)/2 (double-double arithmetic;
/// Dekker, Numer. Math. 18, 224 (1971); Knuth's TwoSum, TAOCP vol. 2, §4.2.2): about 106
/// significant bits, for residuals of iterative refinement.
public struct DoubleDouble: Sendable, Equatable {
    public var hi: Double
    public var lo: Double

    public init(_ value: Double) { hi = value; lo = 0 }
    public init(hi: Double, lo: Double) { self.hi = hi; self.lo = lo }

    /// a + b exactly as s + e (Knuth's TwoSum, no ordering assumption).
    @inlinable static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// a·b exactly as p + e, with a fused multiply–add.
    @inlinable static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    /// self + a·b, to double-double accuracy.
    @inlinable public mutating func addProduct(_ a: Double, _ b: Double) {
        let (p, pe) = Self.twoProduct(a, b)
        let (s, se) = Self.twoSum(hi, p)
        let tail = se + pe + lo
        (hi, lo) = Self.twoSum(s, tail)
    }

    /// self + other, to double-double accuracy.
    @inlinable public mutating func add(_ other: DoubleDouble) {
        let (s, se) = Self.twoSum(hi, other.hi)
        let tail = se + lo + other.lo
        (hi, lo) = Self.twoSum(s, tail)
    }
}
