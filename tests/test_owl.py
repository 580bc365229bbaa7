"""The ontology as OWL: the OWL 2 DL profile (the OWL API) and a real reasoner (HermiT), offline.

Both come in owlready2's bundled HermiT.jar and run on the machine's Java: the profile check is the
small program tests/owl/OntologyCheck.java (Java's single-file source launcher), which also has
HermiT classify the modules through the OWL API; and owlready2's own ``sync_reasoner`` runs
HermiT the way a user of owlready2 would, which is where xsd:date ranges used to be refused.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, Graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
MODULES = ["pledge.ttl", "sectors.ttl", "alignments.ttl"]  # shapes.ttl is SHACL, not OWL
HERMIT = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
CHECK = ROOT / "tests" / "owl" / "OntologyCheck.java"


def check(folder: Path) -> subprocess.CompletedProcess[str]:
    java = shutil.which("java")
    assert java, "the OWL checks need Java (Debian: default-jre-headless)"
    assert HERMIT.is_file(), HERMIT
    return subprocess.run(
        [java, "-cp", str(HERMIT), str(CHECK), *(str(folder / m) for m in MODULES)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    for name in MODULES:
        shutil.copy(ONTOLOGY / name, tmp_path / name)
    core = tmp_path / "pledge.ttl"
    text = core.read_text(encoding="utf-8")
    assert old in text
    core.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


def test_the_ontology_is_owl2_dl_and_hermit_finds_it_consistent() -> None:
    result = check(ONTOLOGY)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("profile:", "unsatisfiable:"))]
    classes = int(lines[-1].split()[1].rstrip(","))
    assert classes > 30  # ours and the external ones declared


def reason(folder: Path, tmp_path: Path) -> None:
    """HermiT through owlready2 over the three modules merged (imports dropped: all offline)."""
    merged = Graph()
    for name in MODULES:
        merged.parse(folder / name)
    merged.remove((None, OWL.imports, None))
    path = tmp_path / "merged.nt"
    merged.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, debug=0)
    assert not list(world.inconsistent_classes())


def test_hermit_through_owlready2_accepts_the_ontology(tmp_path: Path) -> None:
    reason(ONTOLOGY, tmp_path)


@pytest.mark.slow
def test_an_xsd_date_range_is_refused_as_it_was(tmp_path: Path) -> None:
    """HermiT refuses xsd:date, outside the OWL 2 datatype map: why dates are rdfs:Literal."""
    folder = copy_with(
        tmp_path,
        "pledge:statusDate a owl:DatatypeProperty ;",
        "pledge:statusDate a owl:DatatypeProperty ;\n    rdfs:range xsd:date ;",
    )
    with pytest.raises(owlready2.OwlReadyJavaError, match="not part of the OWL 2 datatype map"):
        reason(folder, tmp_path)


@pytest.mark.slow
def test_an_undeclared_class_breaks_the_profile(tmp_path: Path) -> None:
    folder = copy_with(tmp_path, "schema:MonetaryAmount a owl:Class .\n", "")
    result = check(folder)
    assert result.returncode == 1
    assert "Use of undeclared class: <https://schema.org/MonetaryAmount>" in result.stdout
