/// A rule giving the NFU fractions of a composition (docs/model.md §2). Pluggable: the landscape
/// only needs the fractions, whatever produced them.
public protocol NFUModel: Sendable {
    func fractions(for composition: Composition) throws(GlassError) -> NFUFractions
}
