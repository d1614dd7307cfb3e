# Types of the compiled scorer (_speedups.pyx); compare.py's Python functions are the reference.
from array import array
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType

from lawbridge.engines.names.compare import NameMatch
from lawbridge.engines.names.prepared import PreparedForm, PreparedName, PreparedRecord

def bind(compare: ModuleType) -> None: ...
def pack_coverage(coverage: dict[str, int]) -> tuple[bytes, tuple[str, ...]] | None: ...
def form_similarity(a: PreparedForm, b: PreparedForm) -> float: ...
def best_forms(name_a: PreparedName, name_b: PreparedName) -> NameMatch: ...
def best_query_match(
    a: PreparedRecord, name_b: PreparedName, han_only: bool = ...
) -> NameMatch: ...
def best_name_match(a: PreparedRecord, b: PreparedRecord) -> NameMatch: ...

class CompiledName:
    name: PreparedName
    han: bool
    def __init__(self, name: PreparedName) -> None: ...

def meet_names(
    query: PreparedRecord,
    numbers: Iterable[int],
    compiled: Sequence[CompiledName] | None,
    names: Sequence[PreparedName | str],
    name_han: bytearray,
    carriers: Sequence[Iterable[int]],
    slot_han: bytearray,
    han_query: bool,
    prepare: Callable[[str], CompiledName] | None,
) -> dict[int, NameMatch]: ...
def compiled_forms(a: CompiledName, b: CompiledName) -> NameMatch: ...
def candidate_names(
    forms: Iterable[PreparedForm],
    postings: dict[str, array[int]],
    short: dict[str, array[int]],
    n_names: int,
) -> list[int] | None: ...
