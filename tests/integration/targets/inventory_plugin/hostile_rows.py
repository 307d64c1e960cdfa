"""Devices whose names, models and sites are Jinja that would run a command (touch MARKER) if rendered; one named
localhost; names of groups and numeric forms of the controller; sites that make one group name. Posted to the
simulator's /sim/extra-rows: python hostile_rows.py BASE_URL MARKER."""

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
# Names that would empty or break the inventory as host names (a group of the plugin's own, Ansible's all and
# ungrouped, in any case) or that resolve to the controller; sites whose names make one group name.
for number, name in enumerate(("central_ap", "central_site_hq_campus", "all", "ungrouped", "Central_AP", "127.1",
                               "2130706433", "0x7f.1", "127.000.000.001", "0"), start=1):
    rows.append(dict(serialNumber="HOSTILENM%02d" % number, deviceName=name, model="AP-635", deviceType="ACCESS_POINT",
                     status="ONLINE", siteName="HQ Campus", siteId="1001"))
for number, site in enumerate(("branch-12", "BRANCH_12!"), start=1):
    rows.append(dict(serialNumber="HOSTILEST%02d" % number, deviceName="site-twin-%d" % number, model="AP-635",
                     deviceType="ACCESS_POINT", status="ONLINE", siteName=site, siteId="200%d" % number))
request = urllib.request.Request(base_url + "/sim/extra-rows", data=json.dumps(rows).encode(), method="POST")
urllib.request.urlopen(request).read()
print(command)
