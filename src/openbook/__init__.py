"""openbook: the operating platform for an NHS integrated care system."""

__version__ = "0.1.0"
