"""Open311 as a third-party client reads it: georeport (PyPI, Apache-2.0), a thin Python
wrapper for GeoReport v2 that parses XML with xmltodict and JSON with requests, against a
running `wardline serve`. georeport only reads, so the posts are plain form posts with
requests, as the spec describes them.

    python check.py http://127.0.0.1:PORT
"""

import sys

import requests
import xmltodict
from georeport import GeoReport

base = sys.argv[1].rstrip("/")
endpoint = f"{base}/open311/v2"
APP_KEY = "ashworth-demo-app"
BACK_OFFICE_KEY = "ashworth-demo-back-office"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}")


def error_of(response):
    """The spec's error document, in either format: (code, description) of the first."""
    if response.headers["content-type"].startswith("application/json"):
        first = response.json()[0]
        return int(first["code"]), first["description"]
    errors = xmltodict.parse(response.content)["errors"]["error"]
    first = errors[0] if isinstance(errors, list) else errors
    return int(first["code"]), first["description"]


for fmt in ("json", "xml"):
    client = GeoReport(endpoint, jurisdiction="report.ashworth.example", output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    check("fly-tipping" in codes, f"{fmt}: services list fly-tipping ({codes})")
    definition = client.get_service_definition("fly-tipping")
    attributes = definition["attributes"]
    attribute = attributes[0] if fmt == "json" else attributes["attribute"]
    check(attribute["code"] == "ward", f"{fmt}: the definition has the ward attribute")

# Post a request with the app's key, then read it back in both formats.
posted = requests.post(
    f"{endpoint}/requests.xml",
    data={
        "api_key": APP_KEY,
        "jurisdiction_id": "report.ashworth.example",
        "service_code": "fly-tipping",
        "lat": "52.6012",
        "long": "-1.2043",
        "description": "Sofa and fridge dumped by the recycling bins",
        "email": "jo@example.com",
        "first_name": "Jo",
        "last_name": "Bloggs",
    },
)
check(posted.status_code == 200, f"post: 200, not {posted.status_code} {posted.text}")
request_id = xmltodict.parse(posted.content)["service_requests"]["request"]["service_request_id"]
print(f"posted {request_id}")

for fmt in ("json", "xml"):
    client = GeoReport(endpoint, output_format=fmt)
    one = client.get_service_request(request_id)
    check(one["service_request_id"] == request_id, f"{fmt}: read back by id")
    check(one["status"] == "open", f"{fmt}: open")
    check(one["service_code"] == "fly-tipping", f"{fmt}: its service")
    check("Bloggs" not in str(one) and "Sofa" not in str(one), f"{fmt}: nothing personal")
    listed = client.get_service_requests(service_code="fly-tipping", status="open")
    listed = listed if isinstance(listed, list) else [listed]
    check(any(r["service_request_id"] == request_id for r in listed), f"{fmt}: in the list")

# The back office closes it; the update reads back.
update = requests.post(
    f"{endpoint}/servicerequestupdates.json",
    data={
        "api_key": BACK_OFFICE_KEY,
        "service_request_id": request_id,
        "update_id": "BO-1",
        "status": "FIXED",
        "description": "Cleared this morning",
        "updated_datetime": "2026-11-30T10:00:00Z",
    },
)
check(update.status_code == 200, f"update: 200, not {update.status_code} {update.text}")
closed = GeoReport(endpoint).get_service_request(request_id)
check(closed["status"] == "closed", "closed once the back office says fixed")
updates = requests.get(f"{endpoint}/servicerequestupdates.xml").content
parsed = xmltodict.parse(updates)["service_requests_updates"]["request_update"]
parsed = parsed if isinstance(parsed, list) else [parsed]
check(any(u["service_request_id"] == request_id and u["status"] == "fixed" for u in parsed), "the update is listed")

# Bad keys, codes and dates get the spec's errors.
for fmt in ("json", "xml"):
    bad_key = requests.post(f"{endpoint}/requests.{fmt}", data={"api_key": "guess", "service_code": "fly-tipping"})
    check(bad_key.status_code == 403 and error_of(bad_key)[0] == 403, f"{fmt}: a bad key is 403")
    bad_code = requests.post(
        f"{endpoint}/requests.{fmt}",
        data={"api_key": APP_KEY, "service_code": "unicorns", "lat": "52.6", "long": "-1.2", "description": "x"},
    )
    check(bad_code.status_code == 404 and "unicorns" in error_of(bad_code)[1], f"{fmt}: an unknown code is 404")
    try:
        GeoReport(endpoint, output_format=fmt).get_service_requests(start_date="last tuesday")
        check(False, f"{fmt}: a bad date is refused")
    except requests.HTTPError as e:
        code, description = error_of(e.response)
        check(e.response.status_code == 400 and code == 400 and "start_date" in description, f"{fmt}: a bad date is 400")
    try:
        GeoReport(endpoint, output_format=fmt).get_service_definition("unicorns")
        check(False, f"{fmt}: an unknown definition is refused")
    except requests.HTTPError as e:
        check(e.response.status_code == 404, f"{fmt}: an unknown definition is 404")

if failures:
    print(f"{len(failures)} checks failed")
    sys.exit(1)
print("open311: every check passed with a third-party client")
