/// Glass compositions and network-former units (SPEC §1–§2). Filled in by the landscape issue.
public enum GlassModule {}
