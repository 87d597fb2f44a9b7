"""`make bench-search`: the help search's top-1 and top-3 accuracy on customers' phrasings,
then the phrasings it missed (harness/search_accuracy.py)."""

from __future__ import annotations

from harness.search_accuracy import TOP1_BAR, TOP3_BAR, accuracy, phrasings


def main() -> None:
    top1, top3, missed = accuracy()
    count = len(phrasings())
    print(f"Help search on {count} customer phrasings (tests/unit/data/search_phrasings.toml)")
    print(
        f"top-1 accuracy: {top1:.0%} (bar {TOP1_BAR:.0%})  {'pass' if top1 >= TOP1_BAR else 'MISS'}"
    )
    print(
        f"top-3 accuracy: {top3:.0%} (bar {TOP3_BAR:.0%})  {'pass' if top3 >= TOP3_BAR else 'MISS'}"
    )
    for text, want, got in missed:
        print(f"  « {text} »: expected {want}, got {', '.join(got) or 'nothing'}")


if __name__ == "__main__":
    main()
