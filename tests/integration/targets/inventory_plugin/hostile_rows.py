"""Devices whose names, models and sites are Jinja that would run a command (touch MARKER) if rendered; one named
localhost. Posted to the simulator's /sim/extra-rows: python hostile_rows.py BASE_URL MARKER."""

import json
import sys
import urllib.request

base_url, marker = sys.argv[1], sys.argv[2]
command = "{{ lookup('pipe', 'touch %s') }}" % marker
rows = [
    dict(serialNumber="HOSTILEAP01", deviceName=command, model=command, siteName=command + " site", siteId="1009",
         deviceType="ACCESS_POINT", status="ONLINE", ipv4="10.99.0.1"),
    dict(serialNumber="HOSTILEAP02", deviceName="localhost", model="AP-635", deviceType="ACCESS_POINT",
         status="ONLINE", ipv4="10.99.0.2"),
]
request = urllib.request.Request(base_url + "/sim/extra-rows", data=json.dumps(rows).encode(), method="POST")
urllib.request.urlopen(request).read()
print(command)
