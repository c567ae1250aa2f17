"""`make bench` rows for sweeps over MPI ranks (issue 12), called by harness.py.

- ranks vs threads: the same sweep as 2 ranks × 1 thread (`mpirun -np 2`) and as 1 rank × 2
  threads (a plain run), runs interleaved, medians; the output must be byte-identical.
- plain-run overhead: what linking libmpi costs a plain run (two empty C programs, with and
  without libmpi, started alternately), against the start-up of `ionscape --version` and the
  plain sweeps above; and that a plain run loads no MPI component (LD_DEBUG=files).
- simulated cluster: recorded CPU costs (landscape builds and solves) replayed through the
  scheduler's dealer (`ionscape-bench cluster-replay`) with the request-to-deal latency and rank
  0's time per message measured in the 2-rank σ sweep above.
Python is tooling here, never a dependency of the engine.
"""
import hashlib
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IONSCAPE = os.path.join(ROOT, ".build", "release", "ionscape")
BENCH = os.path.join(ROOT, ".build", "release", "ionscape-bench")
DATA = os.path.join(ROOT, "benchmarks", "data")
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_btl": "self,vader"}

SIGMA_SWEEP = ["conductivity", "--preset", "li33", "--x", "0:1:0.2", "--temperature", "303,403,503",
               "--size", "35", "--realizations", "30"]
EA_SWEEP = ["ea", "--preset", "li33", "--x", "0:1:0.04", "--size", "100", "--realizations", "20"]


def timed(cmd, env=None):
    """Wall seconds and stdout of one run (raises on failure)."""
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start, out.stdout


def ranks_vs_threads(label, sweep, runs):
    """Interleaved runs of `sweep` as 1 rank × 2 threads and 2 ranks × 1 thread."""
    plain_t, mpi_t, outputs, record = [], [], set(), None
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):
            t, out = timed([IONSCAPE] + sweep + ["--threads", "2", "--quiet", "--format", "csv"])
            plain_t.append(t)
            outputs.add(hashlib.sha256(out).hexdigest())
            out_dir = os.path.join(tmp, f"mpi{k}")
            t, out = timed(["mpirun", "--oversubscribe", "-np", "2", IONSCAPE] + sweep
                           + ["--threads", "1", "--quiet", "--format", "csv", "--out", out_dir], MPI_ENV)
            mpi_t.append(t)
            outputs.add(hashlib.sha256(out).hexdigest())
            with open(os.path.join(out_dir, sweep[0] + ".json")) as f:
                record = json.load(f)["work_units"]
    p, m = statistics.median(plain_t), statistics.median(mpi_t)
    return {"label": label, "threads_median_s": p, "ranks_median_s": m, "threads_s": plain_t, "ranks_s": mpi_t,
            "throughput_ratio": p / m, "identical": len(outputs) == 1, "work_units": record}


def library_load_overhead(runs=300):
    """Median start-up of an empty C program linked with and without libmpi, started alternately."""
    flags = subprocess.run(["pkg-config", "--libs", "ompi-c"], check=True, capture_output=True, text=True).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "empty.c")
        with open(src, "w") as f:
            f.write("int main(void) { return 0; }\n")
        plain, linked = os.path.join(tmp, "plain"), os.path.join(tmp, "linked")
        subprocess.run(["cc", src, "-o", plain], check=True)
        subprocess.run(["cc", src, "-o", linked, "-Wl,--no-as-needed"] + flags, check=True)
        a, b = [], []
        for _ in range(runs):
            a.append(timed([plain])[0])
            b.append(timed([linked])[0])
    return statistics.median(a), statistics.median(b)


def startup(runs=50):
    return statistics.median(timed([IONSCAPE, "--version"])[0] for _ in range(runs))


def mca_components_loaded(cmd, env=None):
    """How many Open MPI components (mca_*.so) the dynamic loader opened (LD_DEBUG=files)."""
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {}), "LD_DEBUG": "files"})
    return sum(1 for line in out.stderr.splitlines() if "file=" in line and "mca_" in line)


def cluster_replay(latency, service):
    """The replay of li33's 26 x × 30 r × 14 T sweep at N_L = 100 (benchmarks/data, recorded with
    `ionscape-bench solve-costs`, see RESULTS.md): each point's build and solve costs at N_L = 100,
    spread over realisations as its 6 realisations at N_L = 35 are."""
    out = subprocess.run([BENCH, "cluster-replay", "--runs", "1",
                          "--costs", os.path.join(DATA, "solve-costs-li33-N100.csv"),
                          "--spread", os.path.join(DATA, "solve-costs-li33-N35.csv"),
                          "--realizations", "30", "--latency", str(latency), "--service", str(service)],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines() if '"cluster-replay"' in l]


def main(runs=3):
    rows = []
    sigma = ranks_vs_threads("σ sweep li33 6 x × 30 r × 3 T, N_L = 35", SIGMA_SWEEP, runs)
    ea = ranks_vs_threads("E_a sweep li33 26 x × 20 r, N_L = 100", EA_SWEEP, runs)
    print("\nranks × threads (same run, interleaved; throughput ratio = threads time / ranks time, goal ≥ 0.90)")
    for r in (sigma, ea):
        print(f"  {r['label']}: 1 rank × 2 threads {r['threads_median_s']:.2f} s, 2 ranks × 1 thread "
              f"{r['ranks_median_s']:.2f} s (medians of {runs}): ratio {r['throughput_ratio']:.3f}; "
              f"output identical: {r['identical']}; pieces per rank {r['work_units']['pieces_per_rank']}")
        rows.append(r)
    lat = sigma["work_units"]["deal_latency_seconds"]
    svc = sigma["work_units"]["rank0_seconds_per_message"]
    print(f"  measured in the 2-rank σ sweep: request-to-deal latency median {lat['median'] * 1e3:.3f} ms "
          f"(p90 {lat['p90'] * 1e3:.3f}, max {lat['max'] * 1e3:.3f}); rank 0 per message median {svc['median'] * 1e6:.1f} µs")

    plain, linked = library_load_overhead()
    start = startup()
    plain_mca = mca_components_loaded([IONSCAPE] + SIGMA_SWEEP[:7] + ["--size", "8", "--realizations", "1", "--quiet"])
    mpi_mca = mca_components_loaded(["mpirun", "-x", "LD_DEBUG", "--oversubscribe", "-np", "2", IONSCAPE]
                                    + SIGMA_SWEEP[:7] + ["--size", "8", "--realizations", "1", "--quiet"], MPI_ENV)
    overhead = {"empty_program_s": plain, "empty_program_with_libmpi_s": linked, "ionscape_version_s": start,
                "mca_components_plain": plain_mca, "mca_components_mpirun": mpi_mca}
    print(f"\nplain-run overhead: an empty program starts in {plain * 1e3:.2f} ms, linked with libmpi in "
          f"{linked * 1e3:.2f} ms (medians of 300, alternating): +{(linked - plain) * 1e3:.2f} ms per start; "
          f"`ionscape --version` {start * 1e3:.1f} ms; that is {(linked - plain) / sigma['threads_median_s'] * 100:.3f}% "
          f"of the plain σ sweep. MPI components loaded: plain run {plain_mca}, under mpirun {mpi_mca}")
    rows.append(overhead)

    replay = cluster_replay(lat["median"], svc["median"])
    print(f"\nsimulated cluster: li33 26 x × 30 r × 14 T at N_L = 100 (each point's costs recorded at N_L = 100, "
          f"spread over realisations as at N_L = 35), ranks of one thread, latency {lat['median'] * 1e3:.3f} ms, "
          f"rank 0 {svc['median'] * 1e6:.1f} µs per message")
    for r in replay:
        print(f"  {r['ranks']:5d} ranks: efficiency {r['efficiency_pieces']:.3f} ({r['pieces_pieces']} pieces); "
              f"whole units only {r['efficiency_whole_units']:.3f} (costliest point first), "
              f"{r['efficiency_whole_units_in_order']:.3f} (in order); makespan {r['makespan_pieces_s'] / 3600:.2f} h; "
              f"largest unit {r['largest_unit_s'] / 3600:.2f} h")
    rows.append({"replay": replay})
    return rows


if __name__ == "__main__":
    main()
