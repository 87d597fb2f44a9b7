"""`make bench-search`: the help search's top-1 and top-3 accuracy on customers' phrasings,
then the phrasings it missed (harness/search_accuracy.py)."""

from __future__ import annotations

from harness.search_accuracy import BARS, HELD_OUT, PHRASINGS, ROOT, accuracy, phrasings


def _verdict(value: float, bar: float) -> str:
    return f"{value:.0%} (bar {bar:.0%})  {'pass' if value >= bar else 'MISS'}"


def main() -> None:
    for table, name in ((PHRASINGS, "tuning set"), (HELD_OUT, "held out, never tuned on")):
        top1, top3, missed = accuracy(table)
        top1_bar, top3_bar = BARS[table]
        where = table.relative_to(ROOT)
        print(f"Help search, {name}: {len(phrasings(table))} customer phrasings ({where})")
        print(f"top-1 accuracy: {_verdict(top1, top1_bar)}")
        print(f"top-3 accuracy: {_verdict(top3, top3_bar)}")
        for text, want, got in missed:
            print(f"  « {text} »: expected {want}, got {', '.join(got) or 'nothing'}")


if __name__ == "__main__":
    main()
