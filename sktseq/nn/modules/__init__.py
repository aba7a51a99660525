"""Pure torch modules behind the sktseq neural estimators.

Each family's module lives beside the estimators that drive it:
``modules/_recurrent.py`` with ``nn/_recurrent.py``, ``modules/_conv.py``
with ``nn/_conv.py``, ``modules/_attention.py`` with ``nn/_attention.py``,
``modules/_seq2seq.py`` with ``nn/_seq2seq.py``.
All read their input through :class:`SequenceInput` and follow its
constructor contract, so they can be used (and tested) without skorch.
"""

from ._attention import TransformerEncoderModule, sinusoidal_encoding
from ._conv import Conv1DModule
from ._layers import (
    SequenceInput,
    compact_padding,
    last_real_step,
    masked_max,
    masked_mean,
    reverse_padded,
)
from ._losses import PinballLoss
from ._recurrent import RecurrentModule
from ._seq2seq import AdditiveAttention, Seq2SeqModule

__all__ = [
    "AdditiveAttention",
    "Conv1DModule",
    "PinballLoss",
    "RecurrentModule",
    "Seq2SeqModule",
    "SequenceInput",
    "TransformerEncoderModule",
    "compact_padding",
    "last_real_step",
    "masked_max",
    "masked_mean",
    "reverse_padded",
    "sinusoidal_encoding",
]
