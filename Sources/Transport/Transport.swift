/// Barriers, percolation, conductance networks and σ_dc (SPEC §5–§6). Filled in by the transport issues.
public enum TransportModule {}
