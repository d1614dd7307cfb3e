# Types of the compiled search (_hamming.pyx); hamming.py's numpy code is the reference.
import numpy as np
import numpy.typing as npt

_U8 = npt.NDArray[np.uint8]
_I64 = npt.NDArray[np.int64]

def scan(
    queries: _U8, hashes: _U8, alive: _U8, start: int, stop: int, radius: int
) -> tuple[_I64, _I64, _I64]: ...
def search(
    queries: _U8,
    hashes: _U8,
    alive: _U8,
    tables: list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]],
    masks: npt.NDArray[np.uint16],
    tail_start: int,
    stop: int,
    radius: int,
) -> tuple[_I64, _I64, _I64]: ...
