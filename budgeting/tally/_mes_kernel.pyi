"""Types of the compiled Equal Shares runs (``_mes_kernel.pyx``)."""

from budgeting.tally.equal_shares import FloatArray
from budgeting.tally.mes_runs import Int32Array
from budgeting.tally.profile import IntArray

UNCERTAIN: int

def runs(
    t: FloatArray,
    cap: float,
    weight: FloatArray,
    sup_ptr: IntArray,
    sup_group: Int32Array,
    sup_k: FloatArray,
    sup_units: IntArray,
    sup_w: FloatArray,
    sup_wk: FloatArray,
    cost: FloatArray,
    scale: FloatArray,
    k_total: FloatArray,
    candidate: IntArray,
    free: IntArray,
    rank: IntArray,
    tie_num: IntArray,
    int_ties: bool,
    w_sum: FloatArray,
    by_cost: IntArray,
    unit: bool,
) -> tuple[IntArray, IntArray]: ...
def run_one(
    t: float,
    cap: float,
    weight: FloatArray,
    sup_ptr: IntArray,
    sup_group: Int32Array,
    sup_k: FloatArray,
    sup_units: IntArray,
    sup_w: FloatArray,
    sup_wk: FloatArray,
    cost: FloatArray,
    scale: FloatArray,
    k_total: FloatArray,
    candidate: IntArray,
    free: IntArray,
    rank: IntArray,
    tie_num: IntArray,
    int_ties: bool,
    w_sum: FloatArray,
    by_cost: IntArray,
    unit: bool,
    prev_bounds: FloatArray,
    prev_won: IntArray,
    prev_rounds: int,
    forced: int,
    forced_rich: IntArray,
    window: float,
    limit: float,
    room: bool,
    co: FloatArray,
    paid: FloatArray,
    skip: int,
    snap: FloatArray,
    snap_at: int,
) -> tuple[IntArray, int, FloatArray, IntArray, IntArray, int, int, IntArray]: ...
def co_support(
    sup_ptr: IntArray,
    sup_group: Int32Array,
    sup_wk: FloatArray,
    row_ptr: IntArray,
    row_project: IntArray,
) -> FloatArray: ...
def certified(
    low_bounds: FloatArray,
    low_won: IntArray,
    high_bounds: FloatArray,
    high_won: IntArray,
    known: int,
    rounds: int,
) -> int: ...
