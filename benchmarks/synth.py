"""Write a synthetic excerpt library of N realistic records (deterministic).

    python benchmarks/synth.py 100000 /tmp/lib100k            # one file + vocabulary/reports
    python benchmarks/synth.py 100000 /tmp/shards --shards 50 # a directory of 50 files
    python benchmarks/synth.py 10000 /tmp/worst --text uniform

Text lengths follow the seed report (lead-ins of ~150 characters, quotes of 200 to 2,500);
the words follow the bundled library's quotes and lead-ins, one word choosing the next as
there (so real words, at their real frequencies, in real phrases: "relocation" is in 0.4% of
records, "trafficking" in 80%); ``--text uniform`` draws ~100 words evenly instead, so that
every word is in most records (search's worst case; all rows were measured on it before). Tags
spread over the bundled vocabulary, dates 2015-2023 at mixed precision. Exactly 50
records (whatever N) carry topic ``compensation`` with profile ``disability``, and no other
record does: ``--topic compensation --profile disability`` is the "about 50 hits" query.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocite.checking import load_vocabulary  # noqa: E402
from cocite.footnote_markers import markers  # noqa: E402
from cocite.resources import data_dir  # noqa: E402
from cocite.yamlio import dumps_records  # noqa: E402

RARE_TOPIC, RARE_PROFILE, RARE_COUNT = "compensation", "disability", 50

WORDS = (
    "the victims of trafficking were identified by the police and referred to shelters in "
    "Tirana Shkodra Elbasan Vlora where state social services offered reintegration support "
    "but funding for housing employment healthcare and psychological counselling remained "
    "limited according to the report men and boys face stigma women and girls are exploited "
    "sexually children from Roma and Egyptian communities are at risk of forced begging and "
    "labour corruption within the justice system undermines prosecutions compensation is "
    "rarely awarded and witness protection is weak returnees are at risk of re-trafficking "
    "internal relocation is difficult because families and traffickers can find them"
).split()
AUTHORS = (
    ("UK Home Office", "report"), ("US Department of State", "report"),
    ("GRETA, Council of Europe", "report"), ("European Commission", "report"),
    ("Balkan Insight", "news"), ("Different and Equal", "interview"),
    ("Vatra", "interview"), ("UNICEF Albania", "report"), ("Dr Anta Brachou", "academic"),
    ("Tjeter Vizion", "written-communication"),
)


class Chain:
    """Which word follows which in the bundled library's quotes and lead-ins (a word-pair
    Markov chain): text with the real words, at their real frequencies, in real phrases."""

    def __init__(self, source: Path) -> None:
        import yaml

        records = yaml.load((source / "excerpts.yaml").read_bytes(), Loader=yaml.CSafeLoader)
        self.follows: dict[str, list[str]] = {}
        for record in records:
            for text in (record.get("lead_in") or "", record["quote"]):
                # A footnote marker glued to a word ("bondage8") would be a warning here.
                words = [re.sub(r"\d+", "", w) if markers(w) else w for w in text.split()]
                for a, b in zip(words, words[1:]):
                    self.follows.setdefault(a, []).append(b)
        self.words = sorted(self.follows)

    def next(self, rng: random.Random, word: str | None) -> str:
        choices = self.follows.get(word) if word is not None else None
        return rng.choice(choices) if choices else rng.choice(self.words)


def _text(rng: random.Random, low: int, high: int, chain: Chain | None) -> str:
    """About ``low`` to ``high`` characters: from the chain, or (``chain`` None) uniformly
    from :data:`WORDS`, where every word is in most records (a worst case for search)."""
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = chain.next(rng, words[-1] if words else None) if chain else rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
        if chain is None and rng.random() < 0.04:
            words.append("[...]")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def make_records(n: int, seed: int = 20241101, source: Path | None = None,
                 text: str = "real") -> list[dict[str, object]]:
    rng = random.Random(seed)
    chain = Chain(data_dir()) if text == "real" else None
    problems: list = []
    vocabulary = load_vocabulary((source or data_dir()) / "vocabulary.yaml", problems)
    if vocabulary is None:
        raise SystemExit(f"bundled vocabulary is invalid: {problems}")
    topics = [t.id for t in vocabulary.topics if t.id != RARE_TOPIC]
    profiles = [p.id for p in vocabulary.profiles if p.id != RARE_PROFILE]
    stride = max(1, n // RARE_COUNT)
    records: list[dict[str, object]] = []
    for i in range(n):
        author, kind = AUTHORS[rng.randrange(len(AUTHORS))]
        year = rng.randint(2015, 2023)
        precision = rng.random()
        date = (f"{year}" if precision < 0.2 else f"{year}-{rng.randint(1, 12):02d}"
                if precision < 0.6 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        rare = i % stride == 0 and i // stride < RARE_COUNT
        record_topics = [RARE_TOPIC] if rare else sorted(rng.sample(topics, rng.choice((1, 1, 2))))
        record_profiles = [RARE_PROFILE] if rare else sorted(rng.sample(profiles, rng.choice((0, 1, 2, 2))))
        untitled = kind in ("interview", "written-communication")
        source: dict[str, object] = {"author": author}
        if not untitled:
            source["title"] = _text(rng, 30, 90, chain).rstrip(".")
        source["kind"] = kind
        source["date"] = date
        if not untitled:
            source["pages"] = str(rng.randint(1, 200))
        source["url"] = f"https://example.org/{kind}/{i}"
        record: dict[str, object] = {
            "id": f"synth-{i:06d}",
            "topics": record_topics,
        }
        if record_profiles:
            record["profiles"] = record_profiles
        record["material"] = "interview" if untitled else "desk-review"
        record["lead_in"] = _text(rng, 80, 220, chain)
        paragraphs = [_text(rng, 100, 700, chain) for _ in range(rng.choice((1, 1, 2, 3)))]
        record["quote"] = "\n".join(paragraphs)
        record["source"] = source
        record["cited_in"] = [{
            "report": "asylos-albania-trafficking-2024",
            "section": f"{rng.randint(1, 3)}.{rng.randint(1, 6)}",
        }]
        records.append(record)
    return records


def write_library(n: int, out: Path, shards: int = 1, source: Path | None = None,
                  text: str = "real") -> list[Path]:
    """Write the library; return the record files written.

    ``source`` is the folder whose vocabulary.yaml and reports.yaml the records use
    (default: the bundled library).
    """
    out.mkdir(parents=True, exist_ok=True)
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy((source or data_dir()) / name, out / name)
    records = make_records(n, source=source, text=text)
    if shards <= 1:
        path = out / "excerpts.yaml"
        path.write_text(dumps_records(records), encoding="utf-8")
        return [path]
    per = -(-len(records) // shards)
    paths = []
    for k in range(shards):
        path = out / f"shard-{k:03d}.yaml"
        path.write_text(dumps_records(records[k * per:(k + 1) * per]), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--vocabulary-from", type=Path, default=None,
                        help="folder with vocabulary.yaml and reports.yaml (default: bundled)")
    parser.add_argument(
        "--text", choices=["real", "uniform"], default="real",
        help="real: word sequences of the bundled library's quotes (default); uniform: ~100 "
        "words drawn evenly, each in most records (search's worst case)")
    args = parser.parse_args()
    paths = write_library(args.n, args.out, args.shards, args.vocabulary_from, args.text)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {args.n} records in {len(paths)} file(s), {size / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
