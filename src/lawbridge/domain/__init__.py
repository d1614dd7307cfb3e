"""Domain vocabulary: enums, value objects and rules with no I/O."""
