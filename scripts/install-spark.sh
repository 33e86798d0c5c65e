#!/usr/bin/env bash
# Makes .build/spark-venv with PySpark from PyPI, for `strata analyze --engine spark` and its
# test. Spark runs on the JVM: Java 17 comes from Debian (openjdk-17-jre-headless) when missing.
# Prints the venv's python (give it to strata as STRATA_SPARK_PYTHON). Exits non-zero when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
venv=.build/spark-venv
if ! "$venv/bin/python" -c "import pyspark" >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyspark==4.0.1"
fi
echo "$PWD/$venv/bin/python"
