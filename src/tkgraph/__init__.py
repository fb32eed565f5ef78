"""tkgraph: who is bound to what, and who cooperates with whom, in the
international fight against human trafficking, with sources."""

__version__ = "0.1.0"
