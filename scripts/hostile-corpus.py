#!/usr/bin/env python3
"""Writes Tests/Fixtures/hostile/: malformed and tricky inputs, each with its expected outcome.

Each case is a folder holding its input files and `expect.txt`:

    # what the case checks
    args: analyze DATA --out OUT --model none      (DATA: the case folder, OUT: a fresh folder)
    status: 0                                      (0 ok, 2 failure, 64 usage)
    stderr: text that must appear on stderr        (any number)
    stdout: text that must appear on stdout        (any number)
    orders.csv: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons=invalid_number:1
    customers: 3                                   (customers in segments.json)

The counts are written here from how each file is built (an independent count of its
records), not from a run. `HostileCorpusTests` runs every case; `scripts/fuzz.sh` mutates them.
Usage: scripts/hostile-corpus.py (rewrites the folder).
"""
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "hostile")
cases = []


def case(name, files, expect, note):
    cases.append((name, files, expect, note))


GOOD = ["o1,c1,2024-01-01,10.00", "o2,c2,2024-01-02,20.00", "o3,c1,2024-01-03,5.00"]
HEADER = "order_id,customer_id,ts,amount"
ANALYZE = "args: analyze DATA --out OUT --model none"


def orders_with(bad_line, reason, name, note, status=0, extra=()):
    text = "\n".join([HEADER] + GOOD + [bad_line]) + "\n"
    account = f"orders.csv: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons={reason}:1"
    case(name, {"orders.csv": text}, [ANALYZE, f"status: {status}", account, "customers: 2", *extra], note)


# Amounts that are not amounts.
bad_amounts = ["abc", "1e400", "NaN", "inf", "-inf", "--5", "1.2.3", "12,50", "$", "1 000 000 000 000 000",
               "9999999999999999", "0x10", "+-3", "1e", ".", "-", "١٢", "12..5", "5-", "∞"]
for i, value in enumerate(bad_amounts):
    quoted = f'"{value}"' if "," in value else value
    orders_with(f"o4,c2,2024-01-04,{quoted}", "invalid_number", f"amount-{i:02d}",
                f"the amount {value!r} is rejected as invalid_number, located at line 5")

# The same in a tab-separated file.
for i, value in enumerate(bad_amounts[:12]):
    text = "\n".join([HEADER.replace(",", "\t")] + [g.replace(",", "\t") for g in GOOD] + [f"o4\tc2\t2024-01-04\t{value}"]) + "\n"
    case(f"tsv-amount-{i:02d}", {"orders.tsv": text},
         [ANALYZE, "status: 0", "orders.tsv: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons=invalid_number:1", "customers: 2"],
         f"TSV: the amount {value!r} is rejected as invalid_number")

# Odd but valid values are kept as they are.
for i, (line, customers, note) in enumerate([
    ("o4,🙂-client,2024-01-04,1.00", 3, "an emoji in an id"),
    ('o4,"Doe, Jane",2024-01-04,1.00', 3, "a quoted id holding the delimiter"),
    ("o4,עמית,2024-01-04,1.00", 3, "a right-to-left id"),
    ("o4," + "x" * 10_000 + ",2024-01-04,1.00", 3, "a 10,000-character id"),
    ("o4,c2,2024-01-04,0.00", 2, "a zero amount"),
    ("o4,c2,2024-01-04T23:59:59Z,1.00", 2, "the last second of a day"),
]):
    case(f"valid-{i:02d}", {"orders.csv": "\n".join([HEADER] + GOOD + [line]) + "\n"},
         [ANALYZE, "status: 0", "orders.csv: read=4 kept=4 rejected=0 duplicates=0 merged=0", f"customers: {customers}"],
         f"{note} is read and kept")

# Dates that are not plausible dates.
bad_dates = ["2024-02-30", "2024-13-01", "2024-00-10", "tomorrow", "99999999999999999", "1700000000000",
             "9999-12-31", "1969-12-31", "0000-01-01", "2024-01-01T25:00:00Z", "2024-01-01T10:61:00Z",
             "2024/01/32", "20241301", "-1", "1e9", "2024-1-1x", "2024-01-01T10:00:00+25:00", "2100-01-01",
             "１２３", "2024-01-01 10:00:00 PM"]
for i, value in enumerate(bad_dates):
    orders_with(f"o4,c2,{value},1.00", "invalid_date", f"date-{i:02d}",
                f"the date {value!r} is rejected as invalid_date and never moves the as-of date",
                extra=["stdout: as of 2024-01-03"])

# Missing values where a value is required.
orders_with("o4,,2024-01-04,1.00", "missing_value", "missing-customer", "an empty customer_id is a missing value")
orders_with("o4,c2,,1.00", "missing_value", "missing-date", "an empty date is a missing value")
orders_with("o4,c2", "malformed_row", "short-row", "a row with too few fields is malformed")
orders_with("o4,c2,2024-01-04,1.00,extra", "malformed_row", "long-row", "a row with too many fields is malformed")
orders_with('o4,c2,2024-01-04,"never closed', "malformed_row", "unterminated-quote-last",
            "an unterminated quote on the last line rejects that line only")
orders_with('o4,c2,2024-01-04,"1.00"x', "malformed_row", "text-after-quote", "text after a closing quote is malformed")

# Quotes and line endings.
INCH = '5" screen'
for i, (text, kept, rejected, note) in enumerate([
    (HEADER + "\n" + 'o1,c1,2024-01-01,"never closed\n' + "\n".join(f"o{k},c{k % 3},2024-01-0{1 + k % 9},1.00" for k in range(2, 102)) + "\n",
     100, 1, "an unterminated quote on line 2 of 101 rows rejects one line; the other 100 are read"),
    (HEADER + ",note\n" + "\n".join(f"o{k},c1,2024-01-01,1.00," + (INCH if k == 3 else "plain") for k in range(1, 11)) + "\n",
     10, 0, "a quote inside an unquoted field is an ordinary character"),
    (HEADER + ",note\n" + 'o1,c1,2024-01-01,1.00,"two\nlines"\no2,c1,2024-01-02,1.00,"a ""quoted"" word"\n', 2, 0,
     "quoted line breaks and doubled quotes are read as RFC 4180 says"),
    (HEADER.replace(",", ",") + "\r" + "\r".join(GOOD) + "\r", 3, 0, "CR-only line ends"),
    (HEADER + "\r\n" + "\r\n".join(GOOD) + "\r\n", 3, 0, "CRLF line ends"),
    ("\ufeff" + HEADER + "\n" + "\n".join(GOOD) + "\n", 3, 0, "a byte order mark before the header"),
    (HEADER + "\n\n\n" + "\n\n".join(GOOD) + "\n\n", 3, 0, "blank lines are skipped, not rows"),
    (HEADER + "\n" + "\n".join(GOOD), 3, 0, "no final line break"),
    (HEADER + ",note\n" + 'o1,c1,2024-01-01,1.00,"opens\n' + "\n".join(f"o{k},c1,2024-01-01,1.00,n" for k in range(2, 20)) + '\no20,c1,2024-01-01,1.00,x"y\n',
     19, 1, "a quote closed by a stray quote 19 lines later rejects the opening line only"),
]):
    records = kept + rejected
    case(f"quotes-{i:02d}", {"orders.csv": text},
         [ANALYZE, "status: 0", f"orders.csv: read={records} kept={kept} rejected={rejected} duplicates=0 merged=0"
          + (f" reasons=malformed_row:{rejected}" if rejected else "")], note)

CFG_ORDERS = "\n".join([HEADER] + GOOD) + "\n"

# Duplicates and line items.
case("duplicate-exact-line", {"orders.csv": "\n".join([HEADER] + GOOD + [GOOD[0]]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=4 kept=3 rejected=0 duplicates=1 merged=0", "customers: 2"],
     "a line repeated byte for byte is a duplicate, removed exactly")
case("line-items-merge", {"orders.csv": "\n".join([HEADER] + GOOD + ["o1,c1,2024-01-01,2.50"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=4 kept=3 rejected=0 duplicates=0 merged=1", "customers: 2"],
     "another line of order o1 is merged into it")
case("conflicting-order", {"orders.csv": "\n".join([HEADER] + GOOD + ["o1,c9,2024-01-01,2.50"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons=conflicting_order:1", "customers: 2"],
     "a line of order o1 for another customer is rejected, and that customer does not exist")
case("duplicate-only-customer", {"orders.csv": "\n".join([HEADER] + GOOD + [GOOD[1].replace("c2", "c2"), "o5,c7,2024-01-01,1.00", "o5,c7,2024-01-01,1.00"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=6 kept=4 rejected=0 duplicates=2 merged=0", "customers: 3"],
     "exact repeats are duplicates; customers come from kept rows")
case("events-duplicate-id", {"orders.csv": "\n".join([HEADER] + GOOD) + "\n",
                             "events.csv": "event_id,customer_id,ts,type\ne1,c1,2024-01-01,visit\ne1,c2,2024-01-02,visit\ne2,c2,2024-01-02,email_open\n"},
     [ANALYZE, "status: 0", "events.csv: read=3 kept=2 rejected=0 duplicates=1 merged=0"],
     "an event id seen before is a duplicate whatever else the row says")

# Customers file.
case("customers-duplicate-id", {"customers.csv": "customer_id,signup_date\nc1,2024-01-01\nc2,2024-01-01\nc1,2024-01-05\n",
                                "orders.csv": "\n".join([HEADER] + GOOD) + "\n"},
     [ANALYZE, "status: 0", "customers.csv: read=3 kept=2 rejected=0 duplicates=1 merged=0", "customers: 2"],
     "a customer id twice in the customers file: the first is kept")
case("unknown-customer", {"customers.csv": "customer_id\nc1\nc2\n", "orders.csv": "\n".join([HEADER] + GOOD + ["o4,c9,2024-01-04,1.00"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons=unknown_customer:1", "customers: 2"],
     "an order of a customer not in the customers file is rejected")
case("customers-bad-signup", {"customers.csv": "customer_id,signup_date\nc1,2024-01-01\nc2,yesterday\n",
                              "orders.csv": "\n".join([HEADER] + GOOD) + "\n"},
     [ANALYZE, "status: 0", "customers.csv: read=2 kept=1 rejected=1 duplicates=0 merged=0 reasons=invalid_date:1"],
     "a signup date that is no date rejects the customer row")

# Headers.
case("header-only-no-newline", {"orders.csv": HEADER}, [ANALYZE, "status: 2", "stderr: nothing to analyze"],
     "a header without rows and without a line break is not read again as a row")
case("header-only", {"orders.csv": HEADER + "\n"}, [ANALYZE, "status: 2", "stderr: nothing to analyze"], "a header and no rows")
case("empty-file", {"orders.csv": ""}, [ANALYZE, "status: 2", "stderr: empty"], "an empty file")
case("blank-file", {"orders.csv": "\n\n\n"}, [ANALYZE, "status: 2", "stderr: empty"], "only blank lines")
case("duplicate-header", {"orders.csv": "customer_id,ts,amount,amount\nc1,2024-01-01,1,2\n"},
     [ANALYZE, "status: 2", "stderr: amount", "stderr: 3", "stderr: 4"], "a name twice in the header: both positions named")
case("duplicate-header-case", {"orders.csv": "customer_id,ts,Amount,AMOUNT\nc1,2024-01-01,1,2\n"},
     [ANALYZE, "status: 2", "stderr: AMOUNT"], "names differing only in case collide")
case("missing-required", {"orders.csv": "customer_id,amount\nc1,1\n"},
     [ANALYZE, "status: 2", "stderr: missing required column 'ts'"], "a missing required column is named")
wide = ",".join(f"x{k}" for k in range(5000))
case("wide-5000-columns", {"orders.csv": f"{HEADER},{wide}\n" + "\n".join(g + "," + ",".join("v" for _ in range(5000)) for g in GOOD) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=3 kept=3 rejected=0 duplicates=0 merged=0"], "5,000 columns: no column cap")

# NDJSON.
NDJ = ['{"order_id":"o1","customer_id":"c1","ts":"2024-01-01","amount":10}',
       '{"order_id":"o2","customer_id":"c2","ts":"2024-01-02","amount":20}',
       '{"order_id":"o3","customer_id":"c1","ts":"2024-01-03","amount":5}']
for i, (line, reason, note) in enumerate([
    ('{"order_id":"o4","customer_id":{"id":"c2"},"ts":"2024-01-04","amount":1}', "malformed_row", "an object as the customer id"),
    ('{"order_id":"o4","customer_id":["c2"],"ts":"2024-01-04","amount":1}', "malformed_row", "an array as the customer id"),
    ('{"order_id":"o4","customer_id":true,"ts":"2024-01-04","amount":1}', "malformed_row", "a boolean as the customer id"),
    ('{"order_id":"o4","customer_id":null,"ts":"2024-01-04","amount":1}', "missing_value", "null as the customer id"),
    ('{"order_id":"o4","customer_id":"c\\uD800","ts":"2024-01-04","amount":1}', "malformed_row", "a lone high surrogate"),
    ('{"order_id":"o4","customer_id":"c\\uDC00","ts":"2024-01-04","amount":1}', "malformed_row", "a lone low surrogate"),
    ('{"order_id":"o4","customer_id":"c2","ts":"2024-01-04","amount":1', "malformed_row", "a missing closing brace"),
    ('{"order_id":"o4","customer_id":"c2","ts":"2024-01-04","amount":1} trailing', "malformed_row", "text after the object"),
    ('{"order_id":"o4","customer_id":"c2","ts":"2024-01-04","amount":"abc"}', "invalid_number", "a string amount that is no number"),
    ('{"order_id":"o4","customer_id":"c2","ts":"2024-01-04","amount":{"v":1}}', "invalid_number", "an object amount"),
    ('{"order_id":"o4","customer_id":"c\\q","ts":"2024-01-04","amount":1}', "malformed_row", "an invalid escape"),
    ('["o4","c2","2024-01-04",1]', "malformed_row", "an array instead of an object"),
    ('{"order_id":"o4" "customer_id":"c2"}', "malformed_row", "a missing comma"),
    ('{"order_id":"o4","customer_id":"c2","ts":"2024-01-04","amount":1e999}', "invalid_number", "an amount out of range"),
    ('{"order_id":"o4","customer_id":"c2","ts":99999999999999999,"amount":1}', "invalid_date", "an absurd epoch"),
]):
    case(f"ndjson-{i:02d}", {"orders.ndjson": "\n".join(NDJ + [line]) + "\n"},
         [ANALYZE, "status: 0", f"orders.ndjson: read=4 kept=3 rejected=1 duplicates=0 merged=0 reasons={reason}:1", "customers: 2"],
         f"NDJSON: {note} rejects the line")
case("ndjson-late-key", {"orders.ndjson": "\n".join(NDJ[:2] * 60 + [NDJ[2][:-1] + ',"category":"late"}']) .replace('"o1"', '"o1"') + "\n"},
     [ANALYZE, "status: 0", "orders.ndjson: read=121 kept=3 rejected=0 duplicates=118 merged=0"],
     "a key first seen on the last line is a column; repeated lines are duplicates")

# Configs.
for i, (config, needle, note) in enumerate([
    ("orders:\n  columns:\n    order_id: txn\n", "txn", "a config naming a missing column"),
    ("orders:\n  date_format: 'yyyy-QQ'\n", "date_format", "an unknown date pattern"),
    ("currency:\n  base: EUR\n  rates:\n    USD: .inf\n", "USD", "an infinite currency rate"),
    ("currency:\n  base: EUR\n  rates:\n    USD: 1e300\n", "USD", "a huge currency rate"),
    ("currency:\n  base: EUR\n  rates:\n    USD: -2\n", "USD", "a negative currency rate"),
    ("orders:\n  colums:\n    amount: total\n", "colums", "a misspelt key"),
    ("orders: [1, 2\n", "config", "unparsable YAML"),
    ("a:\n" + "".join("  " * k + "- \n" for k in range(1, 200)), "deep", "YAML nested 200 deep"),
    ("orders:\n  delimiter: 'ab'\n", "delimiter", "a delimiter of two characters"),
    ("orders:\n  format: xml\n", "format", "an unknown format"),
    ("orders:\n  ? [a, b]\n  : c\n", "a key must be text", "a key that is a list (found by fuzzing: it trapped in the YAML library)"),
    ("{[1]: 2}\n", "a key must be text", "a flow mapping with a list as key"),
]):
    # A config that cannot be read is refused before the run (usage, 64); one naming a column
    # the file lacks is found when the file is opened (2).
    case(f"config-{i:02d}", {"orders.csv": CFG_ORDERS, "strata.yaml": config},
         ["args: analyze DATA --config DATA/strata.yaml --out OUT --model none", f"status: {2 if i == 0 else 64}", f"stderr: {needle}"],
         f"config: {note} is an error naming it")

# Segment definitions (strata check).
for i, (text, needle, note) in enumerate([
    ('segment "a" = recncy_days > 3\n', "did you mean 'recency_days'", "a near miss of a field"),
    ('segment "a" = days_since_last_purchase > 3\n', "was renamed 'recency_days'", "a field of earlier versions"),
    ('segment "a" = ' + "x" * 1_000_000 + " > 1\n", "unknown field", "a 1 MB identifier"),
    ('segment "a" = ' + "(" * 10_000 + "orders > 1" + ")" * 10_000 + "\n", "deep", "conditions nested 10,000 deep"),
    ("".join(f'segment "s{k}" = in segment "s{k + 1}"\n' for k in range(50_000)) + 'segment "s50000" = orders > 1\n', "OK", "a chain of 50,000 references"),
    ('segment "a" = in segment "b"\nsegment "b" = in segment "a"\n', "cycle", "a cycle of references"),
    ('segment "a" = country = "RU\n', "unterminated", "an unterminated string"),
    ('segment "a" = orders >\n', "expected", "a comparison without its right side"),
    ('segment "a" = orders > 1\nsegment "a" = orders > 2\n', "twice", "a name defined twice"),
    ('segment "a" = revenue + "x" > 1\n', "number", "text added to a number"),
    ('group "g" {\n segment "a" = orders > 1\n', "expected", "an unclosed group"),
    ('segment "a" = count(orders where amount > 1 within 90 years) > 1\n', "expected 'days' or 'weeks'", "an unknown unit"),
]):
    status = 0 if needle == "OK" else 2
    stream = "stdout" if status == 0 else "stderr"
    case(f"rules-{i:02d}", {"segments.strata": text, "orders.csv": CFG_ORDERS},
         ["args: check DATA/segments.strata --data DATA", f"status: {status}", f"{stream}: {needle}"],
         f"segments: {note}")

# Playbooks.
for i, (text, needle, note) in enumerate([
    ("strategies:\n  - name: x\n    when: ['median_days_since_last_purchase >= 3']\n", "was renamed 'recency_days'", "a renamed metric"),
    ("strategies:\n  - name: x\n    when: ['churn_risk >= 0.5']\n", "was renamed 'at_risk_share'", "the old at-risk share"),
    ("strategies:\n  - name: x\n    when: ['engagement_rate >> 0.5']\n", "expected `metric op number`", "an unknown operator"),
    ("strategies: [\n", "playbook", "unparsable YAML"),
    ("strategies:\n" + "".join("  " * k + "- \n" for k in range(1, 200)), "deep", "nested 200 deep"),
]):
    case(f"playbook-{i:02d}", {"orders.csv": CFG_ORDERS, "playbook.yaml": text},
         ["args: analyze DATA --out OUT --model none --playbook DATA/playbook.yaml", "status: 64", f"stderr: {needle}"],
         f"playbook: {note} is refused before any data is read")

# Command-line values.
for i, (args, status, needle, note) in enumerate([
    ("analyze DATA --out OUT --horizon 9223372036854775807", 64, "--horizon", "a horizon beyond any calendar"),
    ("analyze DATA --out OUT --horizon 0", 64, "--horizon", "a zero horizon"),
    ("analyze DATA --out OUT --as-of 2024-02-30", 64, "--as-of", "an impossible as-of date"),
    ("analyze DATA --out OUT --model bg-nb", 64, "bg-nb", "a misspelt model"),
    ("analyze DATA --out OUT --weights value=-1", 64, "--weights", "a negative weight"),
    ("analyze DATA --out OUT --discount-rate nan", 64, "--discount-rate", "a NaN discount rate"),
    ("analyse DATA --out OUT", 64, "did you mean 'analyze'", "a misspelt command"),
    ("analyze DATA/nowhere --out OUT", 64, "nowhere", "a folder that does not exist"),
    ("analyze DATA --out OUT --clv-periods weeks", 64, "weeks", "an unknown CLV period"),
    ("explain DATA --customer nobody --model none", 2, "nobody", "a customer not in the data"),
]):
    case(f"cli-{i:02d}", {"orders.csv": CFG_ORDERS}, [f"args: {args}", f"status: {status}", f"stderr: {needle}"],
         f"command line: {note}")

# Events.
EV_HEAD = "event_id,customer_id,ts,type,channel,value"
for i, (line, reason, note) in enumerate([
    ("e9,c1,2024-01-02,,email,", "missing_value", "an empty type"),
    ("e9,c1,2024-01-02,nps,,ten", "invalid_number", "an NPS value that is no number"),
    ("e9,c1,not-a-date,visit,,", "invalid_date", "a bad event date"),
    ("e9,,2024-01-02,visit,,", "missing_value", "an empty customer"),
    ("e9,c1,2024-01-02,visit", "malformed_row", "too few fields"),
]):
    case(f"events-{i:02d}", {"orders.csv": CFG_ORDERS,
                             "events.csv": "\n".join([EV_HEAD, "e1,c1,2024-01-01,email_sent,email,", "e2,c1,2024-01-01,email_open,email,", line]) + "\n"},
         [ANALYZE, "status: 0", f"events.csv: read=3 kept=2 rejected=1 duplicates=0 merged=0 reasons={reason}:1"],
         f"events: {note} rejects the row")

# Money limits and totals.
case("amount-limit", {"orders.csv": "\n".join([HEADER] + GOOD + ["o4,c2,2024-01-04,999999999999.99", "o5,c2,2024-01-05,1000000000000.00"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=5 kept=4 rejected=1 duplicates=0 merged=0 reasons=invalid_number:1"],
     "the largest amount a line may hold is kept, one cent more is rejected")
case("negative-refund", {"orders.csv": "\n".join([HEADER] + GOOD + ["o4,c1,2024-01-04,-5.00"]) + "\n"},
     [ANALYZE, "status: 0", "orders.csv: read=4 kept=4 rejected=0 duplicates=0 merged=0", "customers: 2"],
     "a negative amount is a refund, kept")
case("strict-first-problem", {"orders.csv": "\n".join([HEADER, GOOD[0], GOOD[0], "o2,c2,2024-01-02,x"]) + "\n"},
     ["args: analyze DATA --out OUT --model none --strict", "status: 2", "stderr: orders.csv:3:", "stderr: duplicate_id"],
     "--strict stops at the first problem in the file (a duplicate on line 3), not a later bad amount")


def write():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    names = set()
    for name, files, expect, note in cases:
        assert name not in names, name
        names.add(name)
        folder = os.path.join(ROOT, name)
        os.makedirs(folder)
        for file, text in files.items():
            with open(os.path.join(folder, file), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        with open(os.path.join(folder, "expect.txt"), "w", encoding="utf-8") as f:
            f.write(f"# {note}\n" + "\n".join(expect) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    write()
