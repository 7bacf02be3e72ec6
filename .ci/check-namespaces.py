#!/usr/bin/env python3
"""Lists, per namespace of src/IceCube.Reco, the other IceCube.Reco namespaces its files use, and fails on a cycle.

A file of namespace A uses namespace B when it says `using IceCube.Reco.B` (plain, static or alias), names
`IceCube.Reco.B.` anywhere (fully qualified, doc references included), or writes `B.Type` for a type declared in B
(the partly qualified form that compiles inside IceCube.Reco). With -v it prints the files behind every edge.
Usage: python3 .ci/check-namespaces.py [src/IceCube.Reco] [-v]
"""
import collections
import os
import re
import sys

PREFIX = "IceCube.Reco"


def read_sources(root):
    sources = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
        for name in files:
            if name.endswith(".cs"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    sources[path] = f.read()
    return sources


def namespace_graph(root):
    sources = read_sources(root)
    namespace_of, declared = {}, collections.defaultdict(set)
    for path, text in sources.items():
        match = re.search(r"^namespace\s+([\w.]+)", text, re.M)
        if not match or not match.group(1).startswith(PREFIX + "."):
            sys.exit(f"{path}: no IceCube.Reco.* namespace declaration")
        namespace = match.group(1)[len(PREFIX) + 1:]
        namespace_of[path] = namespace
        for m in re.finditer(r"\b(?:class|struct|record|enum|interface|delegate\s+[\w<>?,\s]+?)\s+(\w+)", text):
            declared[namespace].add(m.group(1))

    namespaces = sorted(set(namespace_of.values()))
    edges = {a: collections.defaultdict(set) for a in namespaces}
    for path, text in sources.items():
        a = namespace_of[path]
        body = re.sub(r"^namespace\s.*$", "", text, flags=re.M)
        for b in namespaces:
            if b == a:
                continue
            full = re.search(r"\b" + re.escape(f"{PREFIX}.{b}") + r"\b", body)
            partial = declared[b] and re.search(
                r"(?<![\w.])" + re.escape(b) + r"\.(?:" + "|".join(sorted(declared[b])) + r")\b", body)
            if full or partial:
                edges[a][b].add(os.path.relpath(path, root) + f" ({(full or partial).group(0)})")
    return namespaces, edges


def cycles(namespaces, edges):
    """Strongly connected components with more than one namespace (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            found.append(component)

    for v in namespaces:
        if v not in index:
            visit(v)
    return [c for c in found if len(c) > 1], [c[0] for c in found if len(c) == 1]


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "src", "IceCube.Reco")
    namespaces, edges = namespace_graph(root)
    width = max(len(n) for n in namespaces)
    for a in namespaces:
        print(f"{a:<{width}}  uses  {', '.join(sorted(edges[a])) or '(none of ours)'}")
        if "-v" in sys.argv:
            for b in sorted(edges[a]):
                for why in sorted(edges[a][b]):
                    print(f"{'':<{width}}    {b}: {why}")
    found, order = cycles(namespaces, edges)
    if found:
        print("namespace cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in found))
        return 1
    print("no cycle; leaves first: " + " < ".join(order))
    return 0


if __name__ == "__main__":
    sys.exit(main())
