#!/usr/bin/env python3
"""Writes the fake Entra sign-in log exports in samples/signins/ (all names, addresses and IDs are
invented). The same sign-ins are written in every export format tracesan reads:

  interactive.json     admin center "Download" > JSON, interactive sign-ins (a JSON array)
  interactive.csv      admin center "Download" > CSV, interactive sign-ins (the admin center's columns)
  noninteractive.json  admin center JSON, non-interactive sign-ins
  noninteractive.csv   admin center CSV, non-interactive sign-ins
  graph-signins.json   Microsoft Graph GET /auditLogs/signIns ({"@odata.context", "value", "@odata.nextLink"})
  pii.json             every personal value planted above (the sanitizing tests check none is left)

Record 1 is the sign-in of samples/har/signin-aadsts50125.har: the same correlation ID, request
ID = the trace ID of its error page, AADSTS50125. The non-interactive record has another
correlation ID but the same app, 89 s after samples/har/token-endpoint-error.har's failures: a
weaker match. Run with --check to verify the committed files (the test suite does).
"""
import csv, io, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
APP = ("4a1b2c3d-0000-4e5f-fa4e-00000000c11d", "Contoso Fake Expenses")
GRAPH = ("00000003-0000-0000-c000-000000000000", "Microsoft Graph")
PORTAL = ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal")

def record(**k):
    return k

INTERACTIVE = [
    record(id="a2f83dce-be20-d15b-1812-a64fc36f485c", time="2026-11-30T10:15:04Z",
           upn="adele.vance@contoso-fake.example", name="Adele Vance (FAKE)", user_id="0d3e8a51-0000-4b6c-fa4e-0000000000a1",
           app=APP, resource=GRAPH, ip="198.51.100.23", city="Redmond", state="Washington", country="US",
           lat=47.674, lon=-122.121,
           device_id="5e7f1a2b-0000-4c3d-fa4e-0000000de71c", device_name="ADELE-LAPTOP-FAKE", os="Windows10", browser="Edge 131.0.0",
           correlation="38f60679-6aa7-18a0-4d67-6f88f45cd414", code=50125, status="Interrupted",
           reason="Sign-in was interrupted due to a password reset or password registration entry.",
           details="The user must finish registering security information before this sign-in can continue.",
           ca="notApplied", auth="singleFactorAuthentication", client="Browser"),
    record(id="7c41e0b2-0000-4f7a-fa4e-0000000a0002", time="2026-11-30T10:20:11Z",
           upn="megan.bowen@contoso-fake.example", name="Megan Bowen (FAKE)", user_id="1e4f9b62-0000-4c7d-fa4e-0000000000b2",
           app=APP, resource=GRAPH, ip="203.0.113.77", city="Leeds", state="West Yorkshire", country="GB",
           lat=53.8, lon=-1.549,
           device_id="", device_name="", os="MacOs", browser="Safari 18.1",
           correlation="2b9d6c1e-0000-4a8b-fa4e-0000000c0002", code=0, status="Success",
           reason="Other.", details="", ca="success", auth="multiFactorAuthentication", client="Browser"),
    record(id="9e52f1c3-0000-4b8c-fa4e-0000000a0003", time="2026-11-30T09:00:00Z",
           upn="lee.gu@contoso-fake.example", name="Lee Gu (FAKE)", user_id="2f5a0c73-0000-4d8e-fa4e-0000000000c3",
           app=PORTAL, resource=("797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API"),
           ip="192.0.2.45", city="Zurich", state="Zurich", country="CH", lat=47.37, lon=8.54,
           device_id="6f8a2b3c-0000-4d4e-fa4e-0000000de72d", device_name="LEE-DESKTOP-FAKE", os="Windows10", browser="Chrome 131.0.0",
           correlation="4c1e8f2d-0000-4b9c-fa4e-0000000c0003", code=50126, status="Failure",
           reason="Error validating credentials due to invalid username or password.", details="",
           ca="notApplied", auth="singleFactorAuthentication", client="Browser"),
]
NONINTERACTIVE = [
    record(id="b3c4d5e6-0000-4f1a-fa4e-0000000a0004", time="2026-11-30T11:03:40Z",
           upn="adele.vance@contoso-fake.example", name="Adele Vance (FAKE)", user_id="0d3e8a51-0000-4b6c-fa4e-0000000000a1",
           app=APP, resource=GRAPH, ip="198.51.100.23", city="Redmond", state="Washington", country="US",
           lat=47.674, lon=-122.121,
           device_id="5e7f1a2b-0000-4c3d-fa4e-0000000de71c", device_name="ADELE-LAPTOP-FAKE", os="Windows10", browser="",
           correlation="6d2f9a3e-0000-4cad-fa4e-0000000c0004", code=70008, status="Failure",
           reason="The provided authorization code or refresh token has expired due to inactivity.",
           details="Send a new interactive authorization request for this user and resource.",
           ca="notApplied", auth="singleFactorAuthentication", client="Mobile Apps and Desktop clients"),
]

def graph_json(r, interactive):
    return {
        "id": r["id"], "createdDateTime": r["time"], "userDisplayName": r["name"], "userPrincipalName": r["upn"],
        "userId": r["user_id"], "appId": r["app"][0], "appDisplayName": r["app"][1], "ipAddress": r["ip"],
        "clientAppUsed": r["client"], "correlationId": r["correlation"], "conditionalAccessStatus": r["ca"],
        "isInteractive": interactive, "resourceDisplayName": r["resource"][1], "resourceId": r["resource"][0],
        "authenticationRequirement": r["auth"],
        "status": {"errorCode": r["code"], "failureReason": r["reason"], "additionalDetails": r["details"] or None},
        "deviceDetail": {"deviceId": r["device_id"], "displayName": r["device_name"], "operatingSystem": r["os"],
                         "browser": r["browser"], "isCompliant": False, "isManaged": False, "trustType": ""},
        "location": {"city": r["city"], "state": r["state"], "countryOrRegion": r["country"],
                     "geoCoordinates": {"altitude": None, "latitude": r["lat"], "longitude": r["lon"]}},
        "appliedConditionalAccessPolicies": [],
        "riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none", "riskState": "none",
        "riskEventTypes_v2": [],
    }

# The admin center's CSV columns (interactive and non-interactive downloads share them).
COLUMNS = ["Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID", "User", "Username", "User type",
           "Cross tenant access type", "Incoming token type", "Authentication Protocol", "Unique token identifier",
           "Original transfer method", "Client credential type", "Token Protection - Sign In Session",
           "Token Protection - Sign In Session StatusCode", "Application", "Application ID ", "App owner tenant ID",
           "Resource", "Resource ID ", "Resource tenant ID", "Resource owner tenant ID", "Home tenant ID",
           "Home tenant name", "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app",
           "Device ID", "Browser", "Operating System", "Compliant", "Managed", "Join Type",
           "Multifactor authentication result", "Multifactor authentication auth method",
           "Multifactor authentication auth detail", "Authentication requirement", "Sign-in identifier", "Session ID",
           "IP address (seen by resource)", "Through Global Secure Access", "Global Secure Access IP address",
           "Autonomous system  number", "Flagged for review", "Token issuer type", "Incoming token type",
           "Token issuer name", "Latency", "Conditional Access", "Managed Identity type", "Associated Resource Id",
           "Federated Token Id", "Federated Token Issuer"]
TENANT = "72f988bf-0000-4fa5-fake-2d7cd011db47"

def csv_row(r):
    values = {c: "" for c in COLUMNS}
    values.update({
        "Date (UTC)": r["time"], "Request ID": r["id"],
        "User agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Correlation ID": r["correlation"], "User ID": r["user_id"], "User": r["name"], "Username": r["upn"],
        "User type": "Member", "Cross tenant access type": "None", "Incoming token type": "None",
        "Authentication Protocol": "None", "Application": r["app"][1], "Application ID ": r["app"][0],
        "Resource": r["resource"][1], "Resource ID ": r["resource"][0], "Resource tenant ID": TENANT,
        "Home tenant ID": TENANT, "IP address": r["ip"], "Location": ", ".join([r["city"], r["state"], r["country"]]),
        "Status": r["status"], "Sign-in error code": str(r["code"]), "Failure reason": r["reason"],
        "Client app": r["client"], "Device ID": r["device_id"], "Browser": r["browser"], "Operating System": r["os"],
        "Compliant": "False", "Managed": "False", "Authentication requirement": r["auth"],
        "Sign-in identifier": r["upn"], "IP address (seen by resource)": r["ip"], "Through Global Secure Access": "False",
        "Flagged for review": "False", "Token issuer type": "AzureAD", "Latency": "112", "Conditional Access": r["ca"],
    })
    return [values[c] for c in COLUMNS]

def csv_text(records):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in records:
        w.writerow(csv_row(r))
    return "\ufeff" + out.getvalue()  # the admin center writes a byte order mark

def files():
    graph = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
             "value": [graph_json(r, True) for r in INTERACTIVE] + [graph_json(r, False) for r in NONINTERACTIVE],
             "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=FAKE-skiptoken-0001"}
    pii = set()
    for r in INTERACTIVE + NONINTERACTIVE:
        for key in ("upn", "name", "ip", "city", "device_id", "device_name"):
            if r[key]:
                pii.add(r[key])
    return {
        "interactive.json": json.dumps([graph_json(r, True) for r in INTERACTIVE], indent=2) + "\n",
        "interactive.csv": csv_text(INTERACTIVE),
        "noninteractive.json": json.dumps([graph_json(r, False) for r in NONINTERACTIVE], indent=2) + "\n",
        "noninteractive.csv": csv_text(NONINTERACTIVE),
        "graph-signins.json": json.dumps(graph, indent=2) + "\n",
        "pii.json": json.dumps(sorted(pii), indent=2) + "\n",
    }

def main():
    check = "--check" in sys.argv[1:]
    bad = 0
    for name, text in files().items():
        path = os.path.join(HERE, name)
        data = text.encode("utf-8")
        if check:
            with open(path, "rb") as f:
                if f.read() != data:
                    print(f"{name} differs from what make_signins.py writes", file=sys.stderr)
                    bad = 1
        else:
            with open(path, "wb") as f:
                f.write(data)
    return bad

if __name__ == "__main__":
    sys.exit(main())
