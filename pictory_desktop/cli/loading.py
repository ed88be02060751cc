"""Opening the files named on the command line, checking and pricing them once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.catalog import Catalog, default_catalog
from ..domain.checks import check_storyboard
from ..domain.credits import Estimate, estimate
from ..domain.findings import Finding
from ..domain.length import LengthEstimate, estimate_length
from ..domain.project_format import ProjectFileError
from ..domain.storyboard import Storyboard
from ..store.project_files import load_project_file


@dataclass
class CheckedFile:
    path: Path
    storyboard: Storyboard | None = None
    load_error: ProjectFileError | None = None
    findings: list[Finding] = field(default_factory=list)
    cost: Estimate | None = None
    length: LengthEstimate | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def advice(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def name(self) -> str:
        if self.storyboard is not None and self.storyboard.video_name:
            return self.storyboard.video_name
        return self.path.stem


def check_files(paths: list[Path], catalog: Catalog | None = None) -> list[CheckedFile]:
    catalog = catalog or default_catalog()
    checked = []
    for path in paths:
        try:
            storyboard = load_project_file(path)
        except ProjectFileError as exc:
            checked.append(CheckedFile(path, load_error=exc))
            continue
        checked.append(
            CheckedFile(
                path,
                storyboard,
                findings=check_storyboard(storyboard, catalog),
                cost=estimate(storyboard, catalog),
                length=estimate_length(storyboard),
            )
        )
    return checked


def describe_load_error(item: CheckedFile) -> str:
    assert item.load_error is not None
    error = item.load_error
    where = f" ({error.location})" if error.location else ""
    return f"{item.path}: cannot open{where}: {error.message}"
