"""An exact maximum flow in whole numbers (Edmonds-Karp): used by the exhaustive solver to
test a set of arcs, and by the MIP to set its amounts in whole pence."""

from __future__ import annotations

from collections import deque


def max_flow(
    caps: dict[tuple[str, str], int], source: str, sink: str
) -> tuple[int, dict[tuple[str, str], int]]:
    """The largest flow from source to sink within `caps`, and what each arc carries.
    Paths are searched breadth first with arcs in the order given, so the answer is the
    same for the same input."""
    residual: dict[str, dict[str, int]] = {}
    for (a, b), c in caps.items():
        residual.setdefault(a, {}).setdefault(b, 0)
        residual[a][b] += c
        residual.setdefault(b, {}).setdefault(a, 0)
    total = 0
    while True:
        parent: dict[str, str] = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for nxt, c in residual.get(node, {}).items():
                if c > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            break
        path, node = [], sink
        while node != source:
            path.append((parent[node], node))
            node = parent[node]
        push = min(residual[a][b] for a, b in path)
        for a, b in path:
            residual[a][b] -= push
            residual[b][a] += push
        total += push
    carried = {(a, b): c - max(0, residual[a][b]) for (a, b), c in caps.items()}
    return total, {arc: max(0, amount) for arc, amount in carried.items()}
