"""The example storyboards shipped in resources/examples, for File › New from example."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .project_format import parse_project
from .storyboard import Storyboard


@dataclass(frozen=True)
class Example:
    title: str  # as the menu shows it
    file: str  # in resources/examples
    about: str  # one sentence for the menu's status tip

    def load(self) -> Storyboard:
        data = resources.files("pictory_desktop.resources.examples").joinpath(self.file).read_bytes()
        return parse_project(data)


EXAMPLES = (
    Example(
        "AI background images (Pictory's guide)",
        "ai-background-images-guide.json",
        "The request body from Pictory's AI background images guide: two scenes, two AI images, 6 credits.",
    ),
    Example(
        "Coffee shop autumn launch (vertical)",
        "coffee-autumn-launch.json",
        "A three-scene 9:16 social video: two AI images (one with its prompt written by Pictory) and a colour.",
    ),
)
