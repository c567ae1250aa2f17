/// Nernst–Planck–Poisson model of charge-attachment-induced transport (SPEC §9). Filled in by the CAIT issue.
public enum CAITModule {}
