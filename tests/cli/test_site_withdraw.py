"""`nic site withdraw S --date DATE --reason "…"`: written once, kept comments, left out of the report."""

from __future__ import annotations

import json

SITE = (b"# Lincoln's team keeps this file\r\nid: lincoln\r\nname: Lincoln High School  # the full name\r\n"
        b"cluster: rac-1\r\ncontext: {level: high, size_band: large}\r\njoined: 2024-08-15\r\n")


def test_withdraw_writes_status_date_and_reason_keeping_comments(cli, make_network) -> None:
    root = make_network({"sites/lincoln/site.yaml": SITE})
    result = cli("-C", str(root), "site", "withdraw", "lincoln", "--date", "2025-06-30",
                 "--reason", "Merged with Eastside High")
    assert result.exit_code == 0, result.output
    raw = (root / "sites/lincoln/site.yaml").read_bytes()
    assert raw.startswith(b"# Lincoln's team keeps this file\r\n") and b"# the full name" in raw
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode()
    assert "status: withdrawn" in text and "withdrawn_on: 2025-06-30" in text
    assert "withdrawn_reason: Merged with Eastside High" in text
    assert not (root / ".nic.lock").exists()
    assert cli("-C", str(root), "validate").exit_code == 0


def test_withdraw_refuses_bad_input_plainly(cli, make_network) -> None:
    root = make_network()
    before = (root / "sites/lincoln/site.yaml").read_bytes()
    for args, words in ((("linclon", "--date", "2025-06-30", "--reason", "x"), "lincoln"),
                        (("lincoln", "--date", "June", "--reason", "x"), "--date"),
                        (("lincoln", "--date", "2025-06-30", "--reason", "  "), "reason"),
                        (("lincoln", "--date", "2020-01-01", "--reason", "x"), "joined")):
        result = cli("-C", str(root), "site", "withdraw", *args)
        assert result.exit_code in (1, 2), result.output
        assert words in result.stderr and "Traceback" not in result.stderr
    assert (root / "sites/lincoln/site.yaml").read_bytes() == before


def test_a_withdrawn_site_is_listed_once_and_never_quiet(cli, make_network) -> None:
    root = make_network()
    assert cli("-C", str(root), "site", "withdraw", "lincoln", "--date", "2025-06-30",
               "--reason", "Merged").exit_code == 0
    result = cli("-C", str(root), "report", "--format", "json", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["agenda"]["withdrawn"] == ["lincoln"]
    assert "lincoln" not in [q[0] for q in data["agenda"]["quiet"]]
    assert "lincoln" not in [s["site"] for s in data["network"]["sites"]]


def test_chart_all_sites_leaves_a_withdrawn_site_out_unless_asked(cli, make_network) -> None:
    root = make_network()
    assert cli("-C", str(root), "site", "withdraw", "lincoln", "--date", "2025-06-30",
               "--reason", "Merged").exit_code == 0
    left = cli("-C", str(root), "chart", "ATT", "--all-sites", "--format", "json")
    assert left.exit_code in (1, 2) or json.loads(left.stdout) == []
    assert "lincoln" in left.stderr
    shown = cli("-C", str(root), "chart", "ATT", "--all-sites", "--include-withdrawn", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert [c["site"] for c in json.loads(shown.stdout)] == ["lincoln"]
