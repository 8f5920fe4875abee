"""Spread the popular topics of a roster over variants, for rosters as
sparse as the scale issue's: a topic held by n people (skills or wants)
becomes ceil(n / CAP) variants "T #0", "T #1", ..., each occurrence taking
one at random (seeded, so the same file comes out every time). Levels,
people and every other column stay as they are.

    rmatch generate --seniors 100000 --juniors 200000 -o r100k200k.csv
    python3 benches/peers/spread_topics.py r100k200k.csv flat100k.csv 700

CAP 300 on 10k x 20k, 450 on 30k x 60k and on the 10k square, and 700 on
100k x 200k give 2.7 M, 12.4 M, 2.6 M and 67 M allowed pairs (BENCHMARKS.md,
"At the issue's own density"); 700 on 300k x 700k gives 231 M (Scale XIII). Needs only Python's standard library.
"""

import csv
import math
import random
import sys
from collections import Counter


def split(item):
    """`topic:level` into (topic, level), or (item, None) without a level."""
    name, _, level = item.rpartition(":")
    if name and level.isdigit():
        return name, level
    return item, None


def main() -> None:
    source, target, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
    random.seed(11)
    with open(source, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    columns = [header.index("skills"), header.index("wants")]
    held = Counter(
        split(item)[0]
        for row in rows[1:]
        for column in columns
        for item in filter(None, row[column].split(";"))
    )
    variants = {topic: math.ceil(n / cap) for topic, n in held.items()}

    def spread(cell):
        items = []
        for item in filter(None, cell.split(";")):
            name, level = split(item)
            if variants[name] > 1:
                name = f"{name} #{random.randrange(variants[name])}"
            items.append(name if level is None else f"{name}:{level}")
        return ";".join(items)

    with open(target, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for row in rows[1:]:
            for column in columns:
                row[column] = spread(row[column])
            out.writerow(row)
    print(f"{len(held)} topics, {sum(variants.values())} after spreading")


if __name__ == "__main__":
    main()
