# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Break the simulated workspace as the test expects to find it: every device of Warehouse North offline (a dead
site), and the access points behind one switch of another site offline (a switch without power). Reads the device
list and the switches' interfaces as any client would; prints the faults as JSON (site, switch, its access
points)."""

import json
import sys
import urllib.error
import urllib.request

BASE = sys.argv[1]
HEADERS = {"Authorization": "Bearer sim-static-token"}


def get(path):
    request = urllib.request.Request(BASE + path, headers=HEADERS)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def post(path, body):
    request = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


rows = get("/network-monitoring/v1/device-inventory?limit=1000")["items"]
# A stack is one device, addressed by its stack id.
site_of = dict((row.get("stackId") or row["serialNumber"], row["siteName"]) for row in rows)
dead_site = "Warehouse North"
offline = [serial for serial, site in site_of.items() if site == dead_site]
switch, behind = None, []
for row in rows:
    if row["deviceType"] != "SWITCH" or row["siteName"] in (None, dead_site) or row.get("stackId"):
        continue
    try:
        ports = get("/network-monitoring/v1/switches/%s/interfaces?limit=100" % row["serialNumber"])["items"]
    except urllib.error.HTTPError:
        continue
    aps = [port["neighbourSerial"] for port in ports if port.get("neighbourSerial")]
    if len(aps) >= 3 and len(aps) > len(behind):
        switch, behind = row, aps
post("/sim/devices", dict((serial, dict(online=False)) for serial in offline + behind))
print(json.dumps(dict(site=dead_site, switch=switch["deviceName"], switch_site=switch["siteName"], behind=behind)))
