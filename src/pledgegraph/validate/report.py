"""What validation returns: one ``Violation`` per result, gathered in a ``ValidationReport``."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITY_NAMES = {
    "http://www.w3.org/ns/shacl#Violation": "violation",
    "http://www.w3.org/ns/shacl#Warning": "warning",
    "http://www.w3.org/ns/shacl#Info": "info",
}


@dataclass(frozen=True, order=True)
class Violation:
    """One validation result, ready to print.

    ``component`` (such as ``sh:ClassConstraintComponent``) and ``path_iri`` (the full IRI of
    the result path) are what the engines are compared on; they are not printed.
    """

    file: str
    focus: str
    path: str
    message: str
    shape: str
    severity: str = "violation"
    focus_label: str = ""
    value: str = ""
    component: str = ""
    path_iri: str = ""
    shape_iri: str = ""

    def __str__(self) -> str:
        who = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.file}: {self.severity}: {who}{where}: {self.message}{value} [{self.shape}]"

    def key(self) -> tuple[str, str, str, str]:
        """(focus node, result path, constraint component, source shape): what both engines
        must agree on."""
        return (self.focus, self.path_iri, self.component, self.shape_iri)


@dataclass
class ValidationReport:
    results: list[Violation] = field(default_factory=list)
    checked_files: int = 0
    cached_files: int = 0

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if r.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def printed(self) -> list[Violation]:
        """The results as printed: one per line of text (a value that breaks two constraints
        of one shape, such as the datatype and the minimum, reads the same and prints once)."""
        return list({str(r): r for r in reversed(self.results)}.values())[::-1]

    def summary(self) -> str:
        printed = self.printed()
        violations = sum(r.severity == "violation" for r in printed)
        return f"{violations} violation(s), {len(printed) - violations} warning(s)"
