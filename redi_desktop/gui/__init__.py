"""PySide6 user interface. Holds no business rule: it shows what the engine computes."""
