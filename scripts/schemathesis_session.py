"""Signs a demo councillor in to a running local wardline, as a person would (the sign-in
form, then the link from the emailed message the local runner writes to its mail folder),
and prints the session cookie for schemathesis's signed-in operations.

    python scripts/schemathesis_session.py BASE_URL MAIL_DIR EMAIL
"""

import glob
import json
import os
import re
import sys
import time

import requests


def main() -> int:
    base, mail_dir, email = sys.argv[1], sys.argv[2], sys.argv[3]
    s = requests.Session()
    form = s.get(f"{base}/sign-in", timeout=10)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    if not token:
        print("no CSRF token on the sign-in form", file=sys.stderr)
        return 1
    before = set(glob.glob(os.path.join(mail_dir, "*.json")))
    posted = s.post(f"{base}/sign-in", data={"email": email, "csrf": token.group(1)}, timeout=10, allow_redirects=False)
    if posted.status_code >= 400:
        print(f"sign-in refused: {posted.status_code}", file=sys.stderr)
        return 1
    # The notifier sends it within a moment; the local runner writes it to the mail folder.
    for _ in range(100):
        new = set(glob.glob(os.path.join(mail_dir, "*.json"))) - before
        for path in new:
            with open(path, encoding="utf-8") as f:
                mail = json.load(f)
            if mail.get("to") == email:
                link = re.search(r"(https?://\S+/sign-in/[^\s\"<]+)", mail.get("text", ""))
                if link:
                    # The link opens a page with a button (so a mail scanner cannot use it up).
                    page = s.get(link.group(1), timeout=10)
                    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
                    s.post(link.group(1), data={"csrf": csrf.group(1) if csrf else ""}, timeout=10, allow_redirects=False)
                    session = s.cookies.get("wl_session")
                    if session:
                        print(f"wl_session={session}")
                        return 0
        time.sleep(0.1)
    print("no sign-in email arrived", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
