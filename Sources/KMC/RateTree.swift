/// A sum tree of fan-out 8 over the exit rates of the sites (docs/kmc.md, "Event selection"):
/// level 0 holds the leaves, and node j of level ℓ + 1 holds the sum of nodes 8j … 8j + 7 of
/// level ℓ; the single node of the top level is the total rate R. Every level is padded to a
/// multiple of 8 nodes and starts on a multiple of 8, so the 8 children of a node fill one
/// 64-byte cache line. Selecting an event with probability proportional to its rate, and
/// changing one rate, both take ⌈log₈ n⌉ steps (Bortz, Kalos & Lebowitz, J. Comput. Phys. 17, 10
/// (1975), with a tree in place of their classes; 8 children per node touch 3× fewer cache
/// lines than 2).
///
/// Inner sums are always recomputed from their children, never updated by differences, so
/// they carry no drift however many events run, a rate many decades below its neighbours is
/// never lost in a difference, and a subtree whose leaves are all 0 sums to exactly 0.
struct RateTree {
    static let fanOut = 8
    /// Offset of each level in `nodes`, from the leaves (level 0) to the root (last level).
    let levelOffset: [Int]
    /// Total number of stored nodes.
    let nodeCount: Int

    init(leaves: Int) {
        var offsets: [Int] = [], offset = 0, size = max(leaves, 1)
        while true {
            offsets.append(offset)
            if size == 1 { offset += Self.fanOut; break }   // the root, padded like the rest
            let padded = (size + Self.fanOut - 1) / Self.fanOut * Self.fanOut
            offset += padded
            size = padded / Self.fanOut
        }
        levelOffset = offsets
        nodeCount = offset
    }

    var rootIndex: Int { levelOffset[levelOffset.count - 1] }

    /// Recomputes every inner node from the leaves.
    func rebuild(_ nodes: UnsafeMutablePointer<Double>) {
        for level in 1..<levelOffset.count {
            let (below, here) = (levelOffset[level - 1], levelOffset[level])
            for j in 0..<((here - below) / Self.fanOut) {
                nodes[here + j] = Self.sumOfChildren(nodes + below + Self.fanOut * j)
            }
        }
    }

    @inline(__always)
    static func sumOfChildren(_ first: UnsafeMutablePointer<Double>) -> Double {
        ((first[0] + first[1]) + (first[2] + first[3])) + ((first[4] + first[5]) + (first[6] + first[7]))
    }
}

/// The event loop's view of a `RateTree`: raw pointers, so that selection and refresh are plain
/// loops.
struct RateTreeView {
    let nodes: UnsafeMutablePointer<Double>
    /// Level offsets, leaves first (copied from `RateTree.levelOffset`).
    let offsets: UnsafeMutablePointer<Int>
    let levels: Int

    @inline(__always) var total: Double { nodes[offsets[levels - 1]] }

    @inline(__always) func setLeaf(_ s: Int, _ value: Double) { nodes[s] = value }

    /// The leaf in whose share of [0, R) the value r falls, walking down from the root, and the
    /// remainder of r within that leaf. A child whose sum is 0 is never entered (r < 0 never
    /// holds), so rounding in r cannot select an event of rate 0: when rounding carries r past
    /// the last child's share, the last child with a positive sum is taken.
    @inline(__always)
    func select(_ value: Double) -> (leaf: Int, remainder: Double) {
        var j = 0, r = value
        var level = levels - 2
        while level >= 0 {
            let children = nodes + offsets[level] + RateTree.fanOut &* j
            var chosen = -1, lastPositive = 0
            for c in 0..<RateTree.fanOut {
                let v = children[c]
                guard v > 0 else { continue }
                if r < v { chosen = c; break }
                r -= v
                lastPositive = c
            }
            if chosen < 0 { chosen = lastPositive; r = children[chosen].nextDown }
            j = RateTree.fanOut &* j &+ chosen
            level -= 1
        }
        return (j, r)
    }

    /// Recomputes the ancestors of the changed leaves, level by level, each ancestor once.
    /// `changed` holds `count` leaf indices sorted ascending and is used as scratch: a parent's
    /// index is the child's divided by 8, so parents of a sorted list are sorted and repeats are
    /// adjacent.
    @inline(__always)
    func refresh(changed: UnsafeMutablePointer<Int>, count: Int) {
        var m = count
        for level in 1..<levels {
            var out = 0
            for i in 0..<m {
                let parent = changed[i] >> 3
                if out == 0 || changed[out &- 1] != parent {
                    changed[out] = parent
                    out &+= 1
                }
            }
            m = out
            let (below, here) = (offsets[level - 1], offsets[level])
            for i in 0..<m {
                let j = changed[i]
                nodes[here &+ j] = RateTree.sumOfChildren(nodes + (below &+ RateTree.fanOut &* j))
            }
        }
    }
}
