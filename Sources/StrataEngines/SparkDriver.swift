/// The PySpark program ``SparkEngine`` runs: it reads a job file naming the tables (path,
/// format and schema), registers them as views, materialises the feature query as `customers`,
/// runs the follow-up queries, and writes each result as JSON lines with its column types.
enum SparkDriver {
    static let source = #"""
    import json, sys
    from pyspark.sql import SparkSession

    job = json.load(open(sys.argv[1]))
    spark = (SparkSession.builder.appName("strata").master(job["master"])
             .config("spark.sql.session.timeZone", "UTC")
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
                reader = reader.option("header", "true")
            reader.load(table["path"]).createOrReplaceTempView(name)

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
