"""CPU seconds by step of `strata analyze`, from `perf script -F ip,sym` output (scripts/profile.sh).

A sample counts for the first step, in the order below, that names a function on its stack; a
helper thread's stack does not reach the step that asked for its work, so shared pieces (the
gathers, the group moments) count as "other". Then the functions with the most samples of their own.
Usage: python3 scripts/profile_steps.py PERF_SCRIPT_OUTPUT SAMPLES_PER_SECOND
"""
import collections
import re
import subprocess
import sys

# (step, types whose functions count for it), first match wins. The readers' records are split
# and checked on helper threads whose stacks do not name the file: that is "parsing records".
STEPS = [
    ("customers.csv", ["CustomerTableWriter"]),
    ("insights", ["SegmentInsights", "DisengagementDiagnostics", "FieldCatalog", "InsightsWriter", "PlanRenderer",
                  "GroupMedians", "BucketedColumn", "GroupTextCounts", "SegmentHabits", "SegmentContrast"]),
    ("models", ["LifetimeModels", "LifetimeAnalysis", "ModelSelection", "HoldoutSplit", "ModelFitter", "CustomerPredictions",
                "PeriodTransactions", "PAliveMatrix", "ParetoNBD", "BetaGeometricFamily", "Gamma", "PurchaseModelKind", "SummaryGroups"]),
    ("feature pass", ["FeatureBuilder", "PeakDays"]),
    ("segment labels", ["Segmentation", "BehaviourSegments", "AnalysisSummary", "SchemeSummary", "Lifecycle", "LifecycleModel"]),
    ("reading events", ["EventsReader"]),
    ("reading orders", ["OrdersReader"]),
    ("reading customers", ["CustomersReader"]),
    ("parsing records", ["TextSource", "DelimitedCursor", "JSONLineCursor", "FieldParser", "RowLedger", "LookupBatch", "KeyColumn",
                         "RepeatedKeys", "RowResolver", "KeptRows"]),
    ("layout by customer", ["CustomerGrouping", "orderCanonically", "groupByCustomer", "sortedTable", "renumbered"]),
]


def types_on_stack(frames):
    """The Strata type names of the functions on a stack (from their mangled names)."""
    names = set()
    for frame in frames:
        for match in re.finditer(r"Strata\w*?(\d+)([A-Za-z_]\w*)", frame):
            names.add(match.group(2)[: int(match.group(1))])
        for word in ("orderCanonically", "groupByCustomer", "sortedTable", "renumbered"):
            if word in frame:
                names.add(word)
    return names


def main():
    path, rate = sys.argv[1], float(sys.argv[2])
    steps = collections.Counter()
    leaves = collections.Counter()
    total = 0
    for sample in open(path).read().split("\n\n"):
        frames = [line.strip().split(" ", 1)[-1] for line in sample.strip().split("\n") if line.strip()]
        if not frames:
            continue
        total += 1
        leaves[frames[0]] += 1
        names = types_on_stack(frames)
        steps[next((step for step, types in STEPS if names & set(types)), "other")] += 1
    print(f"{'step':24s} {'CPU s':>7s} {'share':>6s}")
    for step, _ in STEPS + [("other", [])]:
        print(f"{step:24s} {steps[step] / rate:7.2f} {100 * steps[step] / total:5.1f}%")
    print(f"{'total':24s} {total / rate:7.2f}")
    top = leaves.most_common(25)
    demangled = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(name for name, _ in top),
                               capture_output=True, text=True).stdout.splitlines()
    print("\nfunctions with the most samples of their own:")
    for (name, count), readable in zip(top, demangled if len(demangled) == len(top) else [n for n, _ in top]):
        print(f"{count / rate:6.2f} s {100 * count / total:5.1f}%  {readable[:110]}")


main()
