"""`nic web-editor` / `nic init --web-editor`: the Decap CMS forms come from the models and never drift."""

from __future__ import annotations

import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from nictools.model.change_idea import ChangeIdea
from nictools.model.measure import Measure
from nictools.model.pdsa import Cycle
from nictools.model.site import Site
from nictools.scaffold.web_editor import FREE_IDS, RELATIONS, edited_models


def _config(root: Path) -> dict:
    return yaml.safe_load((root / "admin" / "config.yml").read_text(encoding="utf-8"))


def _example(cli, tmp_path: Path) -> Path:
    root = tmp_path / "net"
    assert cli("init", "--example", str(root)).exit_code == 0
    return root


def _form(fields: list[dict], model: type[BaseModel], where: str) -> None:
    """Every field of the model has a widget with its description, choices and required flag; no extra."""
    by_name = {f["name"]: f for f in fields}
    assert list(by_name) == list(model.model_fields), where
    for name, info in model.model_fields.items():
        field = by_name[name]
        assert field.get("hint", "").startswith((info.description or "").replace("`", "")), f"{where}.{name}"
        if info.is_required() and not where.count("?"):
            assert field["required"] is True, f"{where}.{name} is required in the model"
        annotation = info.annotation
        literal = [a for a in [annotation, *typing.get_args(annotation)] if typing.get_origin(a) is typing.Literal]
        if literal and field["widget"] == "select":
            choices = [str(c) for lit in literal for c in typing.get_args(lit)]
            assert field["options"] == choices, f"{where}.{name}"
        if "fields" in field:
            inner = [a for a in typing.get_args(annotation) or (annotation,)
                     if isinstance(a, type) and issubclass(a, BaseModel)]
            if typing.get_origin(annotation) is list:
                inner = [typing.get_args(annotation)[0]]
            optional = "?" if not info.is_required() and field["widget"] == "object" else ""
            _form(field["fields"], inner[0], f"{where}.{name}{optional}")


def test_every_model_field_has_a_widget_with_its_help_and_choices(cli, tmp_path: Path) -> None:
    root = _example(cli, tmp_path)
    result = cli("-C", str(root), "web-editor", "--repo", "hub/ninth-grade")
    assert result.exit_code == 0, result.output
    config = _config(root)
    collections = {c["name"]: c for c in config["collections"]}
    sites = sorted(p.name for p in (root / "sites").iterdir() if p.is_dir())
    assert [n for n in collections if n.startswith("pdsa-")] == [f"pdsa-{s}" for s in sites]
    assert collections["pdsa-lincoln"]["folder"] == "sites/lincoln/pdsa"
    for name, model in [("pdsa-lincoln", Cycle), ("change-ideas", ChangeIdea), ("measures", Measure),
                        ("sites", Site)]:
        _form(collections[name]["fields"], model, model.__name__)
    # the choices a teacher picks from are the model's Literal values
    act = next(f for f in collections["pdsa-lincoln"]["fields"] if f["name"] == "act")
    decision = next(f for f in act["fields"] if f["name"] == "decision")
    assert decision["options"] == ["adopt", "adapt", "abandon"]
    # id relations offer the change ideas, measures and sites
    cycle = {f["name"]: f for f in collections["pdsa-lincoln"]["fields"]}
    assert cycle["change_ideas"]["widget"] == "relation" and cycle["change_ideas"]["collection"] == "change-ideas"
    plan = {f["name"]: f for f in cycle["plan"]["fields"]}
    assert plan["measures"]["collection"] == "measures" and plan["measures"]["multiple"] is True
    idea = {f["name"]: f for f in collections["change-ideas"]["fields"]}
    assert idea["origin_site"]["collection"] == "sites" and idea["origin_site"]["multiple"] is False
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "hub/ninth-grade"}
    assert config["publish_mode"] == "editorial_workflow"  # each save is a pull request that CI checks


def test_every_id_field_is_a_relation_or_declared_free(cli, tmp_path: Path) -> None:
    """A new id field in a model must be sorted into RELATIONS or FREE_IDS: it fails here until it is."""
    for model in edited_models():
        for name, info in model.model_fields.items():
            text = repr(info.annotation) + repr(info.metadata)
            if "pattern" in text and "A-Za-z0-9" in text and "CycleRef" not in repr(info.annotation):
                key = (model.__name__, name)
                if "/" in text:  # a cycle reference (`site/C03`): typed, checked by its pattern
                    continue
                assert key in RELATIONS or key in FREE_IDS, f"{key}: add it to RELATIONS or FREE_IDS"


def test_editor_files_are_not_network_files_and_the_network_still_validates(cli, tmp_path: Path) -> None:
    root = tmp_path / "net"
    result = cli("init", str(root), "--name", "Web Net", "--hub", "Hub", "--web-editor")
    assert result.exit_code == 0, result.output
    for rel in ("admin/config.yml", "admin/index.html", "admin/package.json", "admin/build.mjs"):
        assert (root / rel).is_file(), rel
    html = (root / "admin/index.html").read_text()
    assert '<script src="decap-cms.js">' in html and "unpkg" not in html and "http" not in html  # no CDN
    package = (root / "admin/package.json").read_text()
    assert '"decap-cms"' in package and '"build": "node build.mjs"' in package
    validated = cli("-C", str(root), "validate")
    assert validated.exit_code == 0, validated.output
    assert "admin" not in validated.output


def test_an_edited_config_is_kept_unless_forced(cli, tmp_path: Path) -> None:
    root = _example(cli, tmp_path)
    assert cli("-C", str(root), "web-editor").exit_code == 0
    again = cli("-C", str(root), "web-editor")
    assert again.exit_code == 0 and "up to date" in again.stdout
    config = root / "admin" / "config.yml"
    edited = config.read_text() + "# our own collection\n"
    config.write_text(edited)
    refused = cli("-C", str(root), "web-editor", "--backend", "gitlab")
    assert refused.exit_code == 1
    assert "admin/config.yml was edited" in refused.stderr and "--force" in refused.stderr
    assert config.read_text() == edited
    forced = cli("-C", str(root), "web-editor", "--backend", "gitlab", "--force")
    assert forced.exit_code == 0, forced.output
    assert _config(root)["backend"]["name"] == "gitlab"


def test_an_unchanged_generated_file_is_refreshed(cli, tmp_path: Path) -> None:
    """After `nic new site`, running it again adds the site's PDSA collection without --force."""
    root = _example(cli, tmp_path)
    assert cli("-C", str(root), "web-editor", "--direct").exit_code == 0
    assert "publish_mode" not in _config(root)
    result = cli("-C", str(root), "new", "site", "--name", "Maple Middle", "--level", "middle", "--size", "small")
    assert result.exit_code == 0, result.output
    assert cli("-C", str(root), "web-editor", "--direct").exit_code == 0
    assert "pdsa-maple-middle" in {c["name"] for c in _config(root)["collections"]}


def test_bad_options_are_refused_plainly(cli, tmp_path: Path) -> None:
    root = _example(cli, tmp_path)
    result = cli("-C", str(root), "web-editor", "--backend", "bitbucket")
    assert result.exit_code == 2 and "github or gitlab" in result.stderr
    assert not (root / "admin").exists()


def test_the_example_comes_with_the_editor_on_request(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")  # after the example's school year
    root = tmp_path / "ex"
    result = cli("init", "--example", str(root), "--web-editor")
    assert result.exit_code == 0, result.output
    assert "pdsa-lincoln" in {c["name"] for c in _config(root)["collections"]}
    assert cli("-C", str(root), "validate").exit_code == 0
