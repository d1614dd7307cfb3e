"""The Spark engine runs the same partition functions as the local one and gives the same table,
row for row (Spark local mode, two cores, one session for the module). pyspark is in the dev
extra, so `make test` and CI run these (marked slow)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from lawbridge.cli.main import cli
from lawbridge.engines.signals.synthetic import apply_edit, make_scene
from lawbridge.errors import InvalidInput
from lawbridge.jobs import synthetic
from lawbridge.jobs.batch import HashJob, PiiJob, ScreenJob
from lawbridge.jobs.local import run_table
from lawbridge.jobs.spark import run_spark, spark_batches, spark_session

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark-jobs")


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return synthetic.watchlist(1000)


@pytest.fixture(scope="module")
def list_file(workdir: Path, entries: list[dict[str, Any]]) -> Path:
    path = workdir / "list.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), "utf-8")
    return path


def test_screening_2000_records_gives_the_same_rows_as_the_local_engine(
    spark: Any, list_file: Path, entries: list[dict[str, Any]], workdir: Path
) -> None:
    queries = synthetic.queries(2000, entries)
    queries[5] = {"id": "bad", "record": {"name": "", "birth_date": None}}
    path = workdir / "queries.parquet"
    pq.write_table(pa.Table.from_pylist(queries), path)
    job = ScreenJob(str(list_file), 0.75, 10)
    local = run_table(job, pq.read_table(path), workers=2)
    on_spark = run_spark(job, str(path), spark, partitions=4)
    assert on_spark.schema == local.schema
    assert on_spark.num_rows == 2000
    assert on_spark.to_pylist() == local.to_pylist()
    assert on_spark.column("query_id").to_pylist() == [q["id"] for q in queries]
    assert local.column("error").to_pylist()[5] is not None
    assert sum(bool(c) for c in local.column("candidates").to_pylist()) >= 500


def test_pii_scan_and_redaction_give_the_same_rows(spark: Any) -> None:
    table = pa.Table.from_pylist(synthetic.documents(300))
    job = PiiJob(("text",), redacted=True)
    local = run_table(job, table, workers=1)
    assert run_spark(job, table, spark).equals(local)


def test_hashing_and_bank_matching_give_the_same_rows(spark: Any, workdir: Path) -> None:
    bank = workdir / "bank.txt"
    bank.write_text("url https://scam.example/claim\n", "utf-8")
    posts = [
        {
            "id": f"p{n}",
            "text": f"post number {n} with some words in it",
            "image": apply_edit(make_scene(n % 3), "resize") if n % 10 == 0 else None,
            "links": ["https://scam.example/claim?utm_source=x"] if n % 7 == 0 else [],
        }
        for n in range(60)
    ]
    table = pa.Table.from_pylist(posts)
    job = HashJob(str(bank))
    local = run_table(job, table, workers=1)
    assert run_spark(job, table, spark).equals(local)
    assert sum(bool(m) for m in local.column("matches").to_pylist()) == 9


def test_a_missing_column_is_refused_before_spark_runs(spark: Any, list_file: Path) -> None:
    with pytest.raises(InvalidInput, match="missing column"):
        run_spark(ScreenJob(str(list_file)), pa.table({"name": ["x"]}), spark)


def test_the_cli_runs_screen_on_spark(
    spark: Any, list_file: Path, entries: list[dict[str, Any]], workdir: Path
) -> None:
    queries = workdir / "q.jsonl"
    rows = synthetic.queries(50, entries)
    queries.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{\n")
    runner = CliRunner()
    base = ["screen", "--list", str(list_file), "-i", str(queries)]
    plain = runner.invoke(cli, [*base, "-o", str(workdir / "h0.jsonl")])
    sparked = runner.invoke(cli, [*base, "-o", str(workdir / "h1.jsonl"), "--engine", "spark"])
    assert plain.exit_code == 0 and sparked.exit_code == 0, sparked.output
    assert (workdir / "h0.jsonl").read_text() == (workdir / "h1.jsonl").read_text()


def test_executors_write_the_output_and_it_reads_back_in_input_order(
    spark: Any, list_file: Path, entries: list[dict[str, Any]], workdir: Path
) -> None:
    queries = synthetic.queries(2000, entries)
    path = workdir / "queries-parts.parquet"
    pq.write_table(pa.Table.from_pylist(queries), path)
    job = ScreenJob(str(list_file), 0.75, 10)
    parts = workdir / "parts"
    # Adaptive execution would merge this small output into one part: keep the range partitions.
    spark.conf.set("spark.sql.adaptive.coalescePartitions.enabled", "false")
    try:
        batches = list(spark_batches(job, str(path), spark, parts, partitions=4))
    finally:
        spark.conf.unset("spark.sql.adaptive.coalescePartitions.enabled")
    assert len(list(parts.glob("part-*.parquet"))) >= 2  # several executors' files
    streamed = pa.Table.from_batches(batches)
    assert streamed.equals(run_table(job, pq.read_table(path), workers=2))


def test_the_cli_writes_spark_parquet_output_like_the_local_engine(
    spark: Any, list_file: Path, entries: list[dict[str, Any]], workdir: Path
) -> None:
    out = workdir / "cli-out"
    out.mkdir()
    queries = out / "q.parquet"
    pq.write_table(pa.Table.from_pylist(synthetic.queries(300, entries)), queries)
    runner = CliRunner()
    base = ["screen", "--list", str(list_file), "-i", str(queries)]
    plain = runner.invoke(cli, [*base, "-o", str(out / "local.parquet"), "--engine", "local"])
    sparked = runner.invoke(cli, [*base, "-o", str(out / "spark.parquet"), "--engine", "spark"])
    assert plain.exit_code == 0, plain.output
    assert sparked.exit_code == 0, sparked.output
    assert pq.read_table(out / "spark.parquet").equals(pq.read_table(out / "local.parquet"))
    assert sorted(p.name for p in out.iterdir()) == ["local.parquet", "q.parquet", "spark.parquet"]
