/// The PySpark program ``SparkEngine`` runs: it reads a job file naming the tables (path,
/// format and schema) and registers them as views. Mode `facts` measures what the tables hold
/// (amounts, events, attributes, the latest timestamp); mode `analyze` materialises the feature
/// query as `customers`, runs the follow-up queries, and writes each result as JSON lines with
/// its column types.
enum SparkDriver {
    static let source = #"""
    import json, sys
    from pyspark.sql import SparkSession

    job = json.load(open(sys.argv[1]))
    spark = (SparkSession.builder.appName("strata").master(job["master"])
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.ansi.enabled", "true")
             .config("spark.sql.shuffle.partitions", str(job["partitions"]))
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for name, table in job["tables"].items():
            reader = spark.read.format(table["format"])
            if table.get("schema"):
                reader = reader.schema(table["schema"])
            if table["format"] == "csv":
                reader = reader.option("header", "true").option("inferSchema", "false" if table.get("schema") else "true")
            reader.load(table["path"]).createOrReplaceTempView(name)

        if job["mode"] == "facts":
            numeric = ("tinyint", "smallint", "int", "bigint", "float", "double")
            records = spark.table("customer_records")
            latest = spark.sql("SELECT MAX(ts) AS ts FROM (SELECT ts FROM orders UNION ALL SELECT ts FROM events)").first()["ts"]
            facts = {
                "hasAmounts": spark.sql("SELECT 1 FROM orders WHERE amount_cents <> 0 LIMIT 1").count() > 0,
                "hasEvents": spark.sql("SELECT 1 FROM events LIMIT 1").count() > 0,
                "attributes": [{"name": n, "numeric": t in numeric or t.startswith("decimal")}
                               for n, t in records.dtypes if n not in ("customer_id", "signup")],
            }
            if latest is not None:
                facts["latestTimestamp"] = latest
            with open(job["facts"], "w") as f:
                json.dump(facts, f)
            sys.exit(0)

        def write(frame, name):
            frame.write.mode("overwrite").option("ignoreNullFields", "false").json(job["out"] + "/" + name)
            with open(job["out"] + "/" + name + ".types.json", "w") as f:
                json.dump(frame.dtypes, f)

        customers = spark.sql(job["features"]).cache()
        customers.createOrReplaceTempView("customers")
        write(customers, "features")
        for i, query in enumerate(job["queries"]):
            write(spark.sql(query), "query%d" % i)
    finally:
        spark.stop()
    """#
}
