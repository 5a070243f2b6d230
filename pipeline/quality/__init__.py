"""Quality harnesses: extraction scored against public benchmarks (TempEval-3)."""
