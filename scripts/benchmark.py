"""End-to-end seconds and peak memory per stage, at growing sizes, with BERTopic defaults beside it.

Comments are built from the real texts in ../shared/datasets (airline tweets, app reviews,
restaurant sentences, bank questions, YouTube comments), made distinct by joining two texts,
so duplicate collapsing does not shrink the work. Each size runs in a fresh process so peak
memory (max RSS) belongs to that run alone.

Usage:
    python scripts/benchmark.py                        # 10k, default and --fast
    python scripts/benchmark.py --sizes 10000 100000   # larger (100k takes several minutes)
    python scripts/benchmark.py --sizes 10000 --no-bertopic
    python scripts/benchmark.py --sizes 1000000 --no-default   # 1M in --fast mode only
    python scripts/benchmark.py --sizes 100000 --engine dask   # per-comment work on a local Dask cluster
    python scripts/benchmark.py --sizes 100000 --workers 1     # the local engine in one process

Peak memory counts the local engine's worker processes too (sampled sum of resident memory).

BERTopic defaults run at sizes up to --bertopic-max (default 100,000): beyond that they embed
with the full MiniLM for hours on 2 cores. The ratio column is BERTopic's seconds / ours.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"


def corpus(n: int, seed: int = 0) -> list[str]:
    """n distinct comments from the shared datasets' real texts."""
    import numpy as np
    import pandas as pd

    texts = pd.concat(
        [
            pd.read_csv(DATA / "airline_tweets" / "Tweets.csv")["text"],
            pd.read_csv(DATA / "clap_app_reviews" / "rq1-raw-data.csv")["review"],
            pd.read_csv(DATA / "semeval2014_restaurants" / "Restaurants_Train_v2.csv")["text"],
            pd.read_csv(DATA / "banking77" / "train.csv")["text"],
            *[pd.read_csv(p)["CONTENT"] for p in sorted((DATA / "youtube_spam").glob("*.csv"))],
        ]
    ).dropna().astype(str).drop_duplicates().tolist()
    rng = np.random.default_rng(seed)
    if n <= len(texts):
        return [texts[i] for i in sorted(rng.choice(len(texts), n, replace=False))]
    out = dict.fromkeys(texts)
    while len(out) < n:  # beyond the real texts: distinct pairs of them
        a, b = rng.integers(0, len(texts), 2)
        out.setdefault(f"{texts[a]} {texts[b]}")
    return list(out)


class TreePeak:
    """Peak resident memory of this process plus its worker processes, sampled every 0.2 s.

    ``ru_maxrss`` sees this process alone; the local engine's worker processes (one per core
    from 20,000 comments) hold partitions and models of their own, and the machine must fit
    them all at once. The peak is the larger of the sampled sum and this process's own peak.
    """

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        try:
            import psutil
        except ImportError:  # the process's own peak only
            return
        me = psutil.Process()
        while not self._stop.wait(0.2):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:  # a worker that just ended
                    pass
            self.peak = max(self.peak, total / 2**20)

    def mb(self) -> int:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return round(max(own, self.peak))


def _engine_tag(engine: dict | None) -> str:
    if not engine:
        return ""
    if engine.get("engine") == "dask":
        return "+dask"
    return f" {engine['workers']}w"


def run_one(n: int, fast: bool, bertopic: bool, engine: dict | None = None) -> dict:
    """One run in this process: stage seconds, peak RSS (MB, workers included) after each stage."""
    import pandas as pd

    import insights

    frame = pd.DataFrame({"text": corpus(n)})
    stages: dict[str, dict] = {}
    memory = TreePeak()

    def progress(stage: str, event: str, detail: dict) -> None:
        if event == "end":
            stages[stage] = {"seconds": detail["seconds"], "peak_mb": memory.mb()}

    started = time.perf_counter()
    analysis = insights.analyze(frame, progress=progress, fast=fast, **(engine or {}))
    saved = time.perf_counter()
    for key, seconds in analysis.corpus.info.get("seconds", {}).items():
        # Work the pipeline ran in a thread while other stages ran (its own wall time, not added
        # to the total): e.g. the topic model fitted while intents ran on the workers.
        if key.endswith("(prepared alongside)"):
            stages[key.replace(" (prepared alongside)", " alongside")] = {"seconds": seconds, "peak_mb": memory.mb()}
    with tempfile.TemporaryDirectory() as out:  # writing every output is part of end to end
        analysis.save(out)
    stages["save"] = {"seconds": round(time.perf_counter() - saved, 1), "peak_mb": memory.mb()}
    total = time.perf_counter() - started
    result = {"n": n, "mode": ("fast" if fast else "default") + _engine_tag(engine), "total_seconds": round(total, 1), "stages": stages,
              "kept": int(analysis.comments["kept"].sum()),
              "peak_mb": memory.mb()}
    del analysis
    if bertopic:
        from bertopic import BERTopic
        from sentence_transformers import SentenceTransformer

        from insights.embed import minilm_path

        docs = frame["text"].tolist()
        started = time.perf_counter()
        # Its defaults, embedding included: the same all-MiniLM-L6-v2, from the bundled copy.
        BERTopic(embedding_model=SentenceTransformer(minilm_path())).fit_transform(docs)
        result["bertopic_seconds"] = round(time.perf_counter() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--no-fast", dest="fast", action="store_false", help="skip the --fast runs")
    parser.add_argument("--no-default", dest="default", action="store_false", help="skip the default-mode runs")
    parser.add_argument("--no-bertopic", dest="bertopic", action="store_false", help="skip BERTopic defaults")
    parser.add_argument("--bertopic-max", type=int, default=100_000, help="largest size BERTopic defaults run at")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (local: from 20,000 comments, one per core by default; 1 = one process), or local Dask workers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, mode, bt = args.child.split(":")
        if args.engine == "dask":
            engine = {"engine": "dask", "workers": args.workers}
        else:
            engine = {"workers": args.workers} if args.workers else None
        print(json.dumps(run_one(int(n), mode == "fast", bt == "1", engine)))
        return
    if not DATA.exists():
        sys.exit(f"Datasets not found at {DATA}.")
    # Every run starts with an empty embedding cache (nothing precomputed is timed as free);
    # the static model is distilled once beforehand, a one-time cost reported on its own.
    models = Path(tempfile.mkdtemp(prefix="insights-bench-models-"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from insights.embed import StaticEmbedder; StaticEmbedder().encode(['x'])"],
                   env={**os.environ, "INSIGHTS_CACHE_DIR": str(models)}, check=True, capture_output=True)
    print(f"static model distilled from MiniLM once in {time.perf_counter() - started:.0f} s (not counted below)")
    rows = []
    for n in args.sizes:
        modes = [m for m, on in (("default", args.default), ("fast", args.fast)) if on]
        for mode in modes:
            # BERTopic defaults embed with the full MiniLM themselves: run them once per size.
            bt = "1" if args.bertopic and mode == modes[0] and n <= args.bertopic_max else "0"
            cache = Path(tempfile.mkdtemp(prefix="insights-bench-cache-"))
            (cache / "models").symlink_to(models / "models")
            proc = subprocess.run(
                [sys.executable, __file__, "--child", f"{n}:{mode}:{bt}", "--engine", args.engine,
                 *(["--workers", str(args.workers)] if args.workers else [])], capture_output=True, text=True,
                env={**os.environ, "INSIGHTS_CACHE_DIR": str(cache)},
            )
            if proc.returncode != 0:
                print(proc.stderr[-2000:], file=sys.stderr)
                sys.exit(f"run {n} {mode} failed")
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            parts = "  ".join(f"{k} {v['seconds']:.1f}s/{v['peak_mb']}MB" for k, v in r["stages"].items())
            bt_text = f"  BERTopic defaults {r['bertopic_seconds']:.0f} s" if "bertopic_seconds" in r else ""
            print(f"{n:>9,} {mode:<8} total {r['total_seconds']:7.1f} s  peak {r['peak_mb']:,} MB  "
                  f"{n / r['total_seconds']:,.0f} comments/s{bt_text}\n          {parts}", flush=True)
    print("\n| comments | mode | seconds | comments/s | peak MB | slowest stages | BERTopic defaults s | BERTopic / ours |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        bt = r.get("bertopic_seconds")
        ratio = f"{bt / r['total_seconds']:.1f}x" if bt else ""
        slow = ", ".join(f"{k} {v['seconds']:.0f}" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1]["seconds"])[:3])
        print(f"| {r['n']:,} | {r['mode']} | {r['total_seconds']} | {r['n'] / r['total_seconds']:,.0f} | "
              f"{r['peak_mb']:,} | {slow} | {bt or ''} | {ratio} |")
    # --fast against the default at each size both ran: end to end, and the embedding alone
    # (static vectors in place of MiniLM: the step --fast swaps).
    for n in sorted({r["n"] for r in rows}):
        by_mode = {r["mode"].split()[0].split("+")[0]: r for r in rows if r["n"] == n}
        if {"default", "fast"} <= set(by_mode):
            d, f = by_mode["default"], by_mode["fast"]
            embed = [m["stages"].get("embed", {}).get("seconds", 0) for m in (d, f)]
            embed_text = f", embedding {embed[0] / embed[1]:.0f}x ({embed[0]:.1f} s vs {embed[1]:.1f} s)" if min(embed) > 0 else ""
            print(f"--fast vs default at {n:,}: end to end {d['total_seconds'] / f['total_seconds']:.1f}x{embed_text}")


if __name__ == "__main__":
    main()
