"""The dashboard in headless Chromium (Playwright from PyPI, driving Debian's Chromium).

    python dashboard.py URL WRITE_KEY READ_KEY INGEST_KEY HOSTILE_ID [SCREENSHOT_DIR]

Checks, against a running `strata serve` whose store holds a customer HOSTILE_ID with a
hostile attribute value: every page loads at 1280 and 390 px with no console error and no
sideways scrolling of the page; the hostile value shows as text; the rule editor shows a bad
rule's problem at its line and column and a good rule's count; writes through the API change
the figures of an open page without a reload; a read-only key cannot save a rule. Prints one
line per check and exits non-zero on the first failure. With SCREENSHOT_DIR, saves each page at
both widths there.
"""
import json
import os
import sys
import urllib.parse
import urllib.request
import uuid

from playwright.sync_api import sync_playwright, expect

URL, WRITE, READ, INGEST, HOSTILE = sys.argv[1:6]
SHOTS = sys.argv[6] if len(sys.argv) > 6 else None
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def check(condition, message):
    if not condition:
        print("FAIL", message)
        sys.exit(1)
    print("ok", message)


def sign_in(browser, key, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(URL + "/login")
    page.fill("#key", key)
    page.click("form.login button")
    page.wait_for_url(URL + "/")
    return page, errors


def api(method, path, key, body):
    request = urllib.request.Request(URL + path, data=body.encode(), method=method,
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def quoted(text):
    return urllib.parse.quote(text, safe="")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    pages = {"segments": "/", "segment": "/segments/rfm%3AChampions", "customer": "/customers/" + quoted(HOSTILE), "editor": "/editor"}

    # Every page at both widths: no console error, nothing wider than the screen.
    for width in (1280, 390):
        page, errors = sign_in(browser, WRITE, width)
        for name, path in pages.items():
            page.goto(URL + path)
            page.wait_for_load_state("networkidle")
            if name == "editor":
                page.fill("#segment-name", "Recent repeat buyers")
                page.fill("#rule", "orders >= 2 and recency_days <= 90")
                expect(page.locator("#rule-status")).to_contain_text("customers match", timeout=15000)
            check(not errors, f"{name} at {width} px loads with no console error {errors}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            check(overflow <= 1, f"{name} at {width} px does not scroll sideways ({overflow} px)")
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"dashboard-{name}-{width}.png"))
        page.close()

    page, errors = sign_in(browser, WRITE, 1280)

    # A hostile attribute value is text, not markup.
    page.goto(URL + pages["customer"])
    check(page.locator("img[src='x']").count() == 0, "the hostile attribute made no element")
    check(page.evaluate("window.__strataPwned") is None, "the hostile attribute ran no script")
    check(page.get_by_text("<img src=x onerror=window.__strataPwned=1>").count() >= 1, "the hostile attribute shows as text")

    # The rule editor: a problem at its column, then a count.
    page.goto(URL + "/editor")
    page.fill("#segment-name", "Repeat buyers")
    page.fill("#rule", "orders >= 2 and bogus_field > 3")
    problem = page.locator("#rule-problems li").first
    expect(problem).to_have_attribute("data-column", "17", timeout=15000)
    check(problem.get_attribute("data-line") == "1" and "unknown field 'bogus_field'" in problem.inner_text(),
          "a bad rule shows its problem at line 1, column 17")
    problem.locator("button.place").click()
    check(page.evaluate("document.activeElement.id") == "rule" and page.evaluate("document.getElementById('rule').selectionStart") == 16,
          "choosing the problem puts the caret at its column in the rule")
    page.fill("#rule", "orders >= 2")
    expect(page.locator("#rule-status")).to_contain_text("customers match", timeout=15000)
    check(page.locator("#rule-sample a").count() > 0, "a good rule shows the count and a sample")
    page.click("#save")
    expect(page.locator("#rule-status")).to_contain_text("Saved", timeout=15000)
    check(True, "a key with segments:write saves the rule")

    # The keyboard alone: from the rule box, Tab reaches Save, and Enter saves.
    page.goto(URL + "/editor")
    page.focus("#segment-name")
    page.keyboard.type("Keyboard only")
    page.keyboard.press("Tab")
    check(page.evaluate("document.activeElement.id") == "rule", "Tab moves from the name to the rule")
    page.keyboard.type("orders >= 3")
    page.keyboard.press("Tab")
    check(page.evaluate("document.activeElement.id") == "save", "Tab moves from the rule to Save")
    page.keyboard.press("Enter")
    expect(page.locator("#rule-status")).to_contain_text("Saved", timeout=15000)
    check(True, "Enter on Save saves the rule")
    page.goto(URL + "/")
    page.keyboard.press("Tab")
    check(page.evaluate("document.activeElement.textContent") == "Strata", "the first Tab lands on the first link")

    # Writes through the API change an open page's figures, without a reload.
    page.goto(URL + "/")
    page.evaluate("window.__strataMarker = 1")
    before = page.locator("[data-customers]").inner_text()
    run = uuid.uuid4().hex[:8]
    orders = [{"order_id": f"live-{run}-{i}", "customer_id": f"LIVE-{run}-{i}", "ts": "2024-06-20T10:00:00Z", "amount": 30} for i in range(3)]
    api("POST", "/v1/orders", INGEST, json.dumps(orders))
    expect(page.locator("[data-customers]")).not_to_have_text(before, timeout=15000)
    check(page.evaluate("window.__strataMarker") == 1, f"the customer count went from {before} to {page.locator('[data-customers]').inner_text()} without a reload")
    page.close()

    # A read-only key: the editor offers no save, and the API refuses one.
    page, errors = sign_in(browser, READ, 1280)
    page.goto(URL + "/editor")
    check(page.locator("#save").is_disabled(), "a read-only key gets a disabled Save button")
    check(not errors, f"no console error as a read-only key {errors}")
    status = page.evaluate("""async () => (await fetch('/v1/segments/Sneaky', {method: 'PUT', headers: {'X-Strata-Dashboard': '1'}, body: 'orders >= 1'})).status""")
    check(status == 403, f"a read-only key's save is refused ({status})")
    browser.close()
print("all dashboard checks passed")
