"""Opinion map of an open dialogue: Pol.is-parity math plus documented improvements.

Pure NumPy / SciPy / scikit-learn: no Django import. See compute_opinion_map.
"""

from .clustering import GroupCountHistory
from .options import OpinionMapOptions
from .pipeline import compute_opinion_map
from .snapshot import OpinionMapSnapshot, PreviousMap

__all__ = [
    "GroupCountHistory",
    "OpinionMapOptions",
    "OpinionMapSnapshot",
    "PreviousMap",
    "compute_opinion_map",
]
